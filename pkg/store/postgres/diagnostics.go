package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// diagRunFrom reads a run with the lease of the claim it holds, if any.
const diagRunFrom = `SELECT r.id, r.incident_id, r.total, r.started_by, r.started_at, r.finished_at, r.summary, c.expires_at
	FROM diagnostic_runs r LEFT JOIN diagnostic_claims c ON c.org_id = r.org_id AND c.run_id = r.id `

// ClaimDiagnosticRun joins the incident's claimed run or stores run with
// the claim. The upsert takes an expired claim over and, when the claim is
// live, leaves it as it is but locked, so that the holder read next cannot
// finish in between: two processes claiming at once get one run.
func (s *Store) ClaimDiagnosticRun(ctx context.Context, orgID int64, run store.DiagnosticRun, leaseUntil time.Time) (string, bool, error) {
	var (
		holder  string
		created bool
	)
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		created = false
		err := tx.QueryRow(ctx, `INSERT INTO diagnostic_claims (org_id, incident_id, run_id, expires_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (org_id, incident_id) DO UPDATE SET run_id = EXCLUDED.run_id, expires_at = EXCLUDED.expires_at
			WHERE diagnostic_claims.expires_at <= $5
			RETURNING run_id`, orgID, run.IncidentID, run.ID, ts(leaseUntil), ts(run.StartedAt)).Scan(&holder)
		if errors.Is(err, pgx.ErrNoRows) {
			return tx.QueryRow(ctx, `SELECT run_id FROM diagnostic_claims WHERE org_id = $1 AND incident_id = $2`,
				orgID, run.IncidentID).Scan(&holder)
		}
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO diagnostic_runs (org_id, id, incident_id, total, started_by, started_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, orgID, run.ID, run.IncidentID, run.Total, run.StartedBy, ts(run.StartedAt))
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) && pgErr.Code == "23505" {
			return store.ErrConflict // the run id is taken: not a race to retry
		}
		created = err == nil
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("postgres: claim diagnostic run: %w", err)
	}
	return holder, created, nil
}

// RenewDiagnosticClaim moves the lease of the claim runID holds.
func (s *Store) RenewDiagnosticClaim(ctx context.Context, orgID int64, runID string, until time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE diagnostic_claims SET expires_at = $1 WHERE org_id = $2 AND run_id = $3`,
		ts(until), orgID, runID)
	if err == nil && tag.RowsAffected() == 0 {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("postgres: renew diagnostic claim: %w", err)
	}
	return nil
}

// lockOpenRun locks the run row so that appends and the finish of one run
// are serialised across processes, and reports ErrNotFound or ErrConflict.
func lockOpenRun(ctx context.Context, tx pgx.Tx, orgID int64, runID string) error {
	var finished *time.Time
	err := tx.QueryRow(ctx, `SELECT finished_at FROM diagnostic_runs WHERE org_id = $1 AND id = $2 FOR UPDATE`, orgID, runID).Scan(&finished)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	if finished != nil {
		return store.ErrConflict
	}
	return nil
}

// AddDiagnosticFinding appends a finding to an unfinished run.
func (s *Store) AddDiagnosticFinding(ctx context.Context, orgID int64, runID string, finding []byte) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockOpenRun(ctx, tx, orgID, runID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO diagnostic_findings (org_id, run_id, idx, body)
			SELECT $1, $2, COALESCE(MAX(idx), 0) + 1, $3 FROM diagnostic_findings WHERE org_id = $1 AND run_id = $2`,
			orgID, runID, string(finding))
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: add diagnostic finding: %w", err)
	}
	return nil
}

// FinishDiagnosticRun records the summary of an unfinished run.
func (s *Store) FinishDiagnosticRun(ctx context.Context, orgID int64, runID string, summary []byte, at time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockOpenRun(ctx, tx, orgID, runID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE diagnostic_runs SET finished_at = $1, summary = $2 WHERE org_id = $3 AND id = $4`,
			ts(at), string(summary), orgID, runID); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `DELETE FROM diagnostic_claims WHERE org_id = $1 AND run_id = $2`, orgID, runID)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: finish diagnostic run: %w", err)
	}
	return nil
}

// DiagnosticRun reads one run and its findings in one snapshot.
func (s *Store) DiagnosticRun(ctx context.Context, orgID int64, runID string) (store.DiagnosticRun, error) {
	return s.diagnosticRun(ctx, orgID, diagRunFrom+`WHERE r.org_id = $1 AND r.id = $2`, orgID, runID)
}

// LatestDiagnosticRun reads the incident's most recently started run.
func (s *Store) LatestDiagnosticRun(ctx context.Context, orgID int64, incidentID string) (store.DiagnosticRun, error) {
	return s.diagnosticRun(ctx, orgID, diagRunFrom+`WHERE r.org_id = $1 AND r.incident_id = $2
		ORDER BY r.started_at DESC, r.id DESC LIMIT 1`, orgID, incidentID)
}

func (s *Store) diagnosticRun(ctx context.Context, orgID int64, query string, args ...any) (store.DiagnosticRun, error) {
	var run store.DiagnosticRun
	err := s.read(ctx, func(tx pgx.Tx) error {
		run = store.DiagnosticRun{}
		var summary *string
		err := tx.QueryRow(ctx, query, args...).Scan(&run.ID, &run.IncidentID, &run.Total, &run.StartedBy, &run.StartedAt, &run.FinishedAt, &summary, &run.LeaseUntil)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		run.StartedAt = run.StartedAt.UTC()
		if run.FinishedAt != nil {
			at := run.FinishedAt.UTC()
			run.FinishedAt = &at
		}
		if summary != nil {
			run.Summary = []byte(*summary)
		}
		if run.LeaseUntil != nil {
			at := run.LeaseUntil.UTC()
			run.LeaseUntil = &at
		}
		rows, err := tx.Query(ctx, `SELECT body FROM diagnostic_findings WHERE org_id = $1 AND run_id = $2 ORDER BY idx`, orgID, run.ID)
		if err != nil {
			return err
		}
		bodies, err := pgx.CollectRows(rows, pgx.RowTo[string])
		for _, b := range bodies {
			run.Findings = append(run.Findings, []byte(b))
		}
		return err
	})
	if err != nil {
		return store.DiagnosticRun{}, fmt.Errorf("postgres: diagnostic run: %w", err)
	}
	return run, nil
}
