package store

import (
	"context"
	"time"
)

// DiagnosticRun is one diagnostics run of an incident, kept in the store so
// that any back-end process of a Grafana HA pair can answer the UI's polls
// while another one runs the checks. Findings and Summary are opaque JSON
// documents (package diagnostics gives them meaning), Findings in the order
// they arrived.
type DiagnosticRun struct {
	ID         string
	IncidentID string
	// Total is the number of checks the run started with.
	Total      int
	StartedBy  string
	StartedAt  time.Time
	FinishedAt *time.Time
	// LeaseUntil is when the run's claim on its incident expires: set
	// while the run holds the claim (ClaimDiagnosticRun), nil once it
	// finished or another run took the claim over.
	LeaseUntil *time.Time
	Summary    []byte
	Findings   [][]byte
}

// DiagnosticRuns persists diagnostics runs. Every method is scoped to one org.
type DiagnosticRuns interface {
	// ClaimDiagnosticRun is how a run starts, atomically across processes:
	// when another run of run.IncidentID holds a claim whose lease is
	// still good at run.StartedAt, it answers that run's id and created
	// false, storing nothing; otherwise it stores run, unfinished, with
	// the caller's id (Summary, FinishedAt, LeaseUntil and Findings are
	// ignored), holding the incident's claim until leaseUntil, taking
	// over an expired claim, and answers run.ID and true. A taken run id
	// gives ErrConflict.
	ClaimDiagnosticRun(ctx context.Context, orgID int64, run DiagnosticRun, leaseUntil time.Time) (runID string, created bool, err error)
	// RenewDiagnosticClaim moves the lease of the claim runID holds to
	// until; ErrNotFound when the run no longer holds its incident's claim
	// (it finished, or its lease expired and another run took over).
	RenewDiagnosticClaim(ctx context.Context, orgID int64, runID string, until time.Time) error
	// AddDiagnosticFinding appends one finding to an unfinished run:
	// ErrNotFound when the run does not exist, ErrConflict when it finished.
	AddDiagnosticFinding(ctx context.Context, orgID int64, runID string, finding []byte) error
	// FinishDiagnosticRun records the summary once and gives up the run's
	// claim: ErrConflict when the run already finished, ErrNotFound when
	// it does not exist.
	FinishDiagnosticRun(ctx context.Context, orgID int64, runID string, summary []byte, at time.Time) error
	// DiagnosticRun reads a run with its findings, ErrNotFound if absent.
	DiagnosticRun(ctx context.Context, orgID int64, runID string) (DiagnosticRun, error)
	// LatestDiagnosticRun is the incident's most recently started run,
	// ErrNotFound if it has none.
	LatestDiagnosticRun(ctx context.Context, orgID int64, incidentID string) (DiagnosticRun, error)
}
