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
	Summary    []byte
	Findings   [][]byte
}

// DiagnosticRuns persists diagnostics runs. Every method is scoped to one org.
type DiagnosticRuns interface {
	// CreateDiagnosticRun stores a new, unfinished run with the caller's id;
	// Summary, FinishedAt and Findings are ignored. A taken id gives
	// ErrConflict.
	CreateDiagnosticRun(ctx context.Context, orgID int64, run DiagnosticRun) error
	// AddDiagnosticFinding appends one finding to an unfinished run:
	// ErrNotFound when the run does not exist, ErrConflict when it finished.
	AddDiagnosticFinding(ctx context.Context, orgID int64, runID string, finding []byte) error
	// FinishDiagnosticRun records the summary once: ErrConflict when the run
	// already finished, ErrNotFound when it does not exist.
	FinishDiagnosticRun(ctx context.Context, orgID int64, runID string, summary []byte, at time.Time) error
	// DiagnosticRun reads a run with its findings, ErrNotFound if absent.
	DiagnosticRun(ctx context.Context, orgID int64, runID string) (DiagnosticRun, error)
	// LatestDiagnosticRun is the incident's most recently started run,
	// ErrNotFound if it has none.
	LatestDiagnosticRun(ctx context.Context, orgID int64, incidentID string) (DiagnosticRun, error)
}
