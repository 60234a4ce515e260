package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// diagRunFrom reads a run with the lease of the claim it holds, if any.
const diagRunFrom = `SELECT r.id, r.incident_id, r.total, r.started_by, r.started_at, r.finished_at, r.summary, c.expires_at
	FROM diagnostic_runs r LEFT JOIN diagnostic_claims c ON c.org_id = r.org_id AND c.run_id = r.id `

// ClaimDiagnosticRun joins the incident's claimed run or stores run with
// the claim; the single writer makes check-then-insert safe.
func (s *Store) ClaimDiagnosticRun(ctx context.Context, orgID int64, run store.DiagnosticRun, leaseUntil time.Time) (string, bool, error) {
	var (
		holder  string
		created bool
	)
	err := s.write(ctx, func(tx *sql.Tx) error {
		var expires int64
		err := tx.QueryRowContext(ctx, `SELECT run_id, expires_at FROM diagnostic_claims WHERE org_id = ? AND incident_id = ?`,
			orgID, run.IncidentID).Scan(&holder, &expires)
		switch {
		case err == nil && expires > micros(run.StartedAt):
			created = false
			return nil
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO diagnostic_runs (org_id, id, incident_id, total, started_by, started_at)
			VALUES (?, ?, ?, ?, ?, ?)`, orgID, run.ID, run.IncidentID, run.Total, run.StartedBy, micros(run.StartedAt))
		if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return store.ErrConflict
		}
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO diagnostic_claims (org_id, incident_id, run_id, expires_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (org_id, incident_id) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at`,
			orgID, run.IncidentID, run.ID, micros(leaseUntil))
		holder, created = run.ID, true
		return err
	})
	if err != nil {
		return "", false, fmt.Errorf("sqlite: claim diagnostic run: %w", err)
	}
	return holder, created, nil
}

// RenewDiagnosticClaim moves the lease of the claim runID holds.
func (s *Store) RenewDiagnosticClaim(ctx context.Context, orgID int64, runID string, until time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE diagnostic_claims SET expires_at = ? WHERE org_id = ? AND run_id = ?`,
			micros(until), orgID, runID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return cmp.Or(err, store.ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: renew diagnostic claim: %w", err)
	}
	return nil
}

// runOpen reports ErrNotFound or ErrConflict (finished) for a run inside a
// write transaction; the single writer makes check-then-insert safe.
func runOpen(ctx context.Context, tx *sql.Tx, orgID int64, runID string) error {
	var finished sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT finished_at FROM diagnostic_runs WHERE org_id = ? AND id = ?`, orgID, runID).Scan(&finished)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	if finished.Valid {
		return store.ErrConflict
	}
	return nil
}

// AddDiagnosticFinding appends a finding to an unfinished run.
func (s *Store) AddDiagnosticFinding(ctx context.Context, orgID int64, runID string, finding []byte) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := runOpen(ctx, tx, orgID, runID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO diagnostic_findings (org_id, run_id, idx, body)
			SELECT ?, ?, COALESCE(MAX(idx), 0) + 1, ? FROM diagnostic_findings WHERE org_id = ? AND run_id = ?`,
			orgID, runID, string(finding), orgID, runID)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: add diagnostic finding: %w", err)
	}
	return nil
}

// FinishDiagnosticRun records the summary of an unfinished run.
func (s *Store) FinishDiagnosticRun(ctx context.Context, orgID int64, runID string, summary []byte, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := runOpen(ctx, tx, orgID, runID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE diagnostic_runs SET finished_at = ?, summary = ? WHERE org_id = ? AND id = ?`,
			micros(at), string(summary), orgID, runID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM diagnostic_claims WHERE org_id = ? AND run_id = ?`, orgID, runID)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: finish diagnostic run: %w", err)
	}
	return nil
}

// DiagnosticRun reads one run and its findings in one snapshot.
func (s *Store) DiagnosticRun(ctx context.Context, orgID int64, runID string) (store.DiagnosticRun, error) {
	return s.diagnosticRun(ctx, orgID, diagRunFrom+`WHERE r.org_id = ? AND r.id = ?`, orgID, runID)
}

// LatestDiagnosticRun reads the incident's most recently started run.
func (s *Store) LatestDiagnosticRun(ctx context.Context, orgID int64, incidentID string) (store.DiagnosticRun, error) {
	return s.diagnosticRun(ctx, orgID, diagRunFrom+`WHERE r.org_id = ? AND r.incident_id = ?
		ORDER BY r.started_at DESC, r.rowid DESC LIMIT 1`, orgID, incidentID)
}

func (s *Store) diagnosticRun(ctx context.Context, orgID int64, query string, args ...any) (store.DiagnosticRun, error) {
	var run store.DiagnosticRun
	err := s.read(ctx, func(tx *sql.Tx) error {
		var (
			started  int64
			finished sql.NullInt64
			summary  sql.NullString
			lease    sql.NullInt64
		)
		err := tx.QueryRowContext(ctx, query, args...).Scan(&run.ID, &run.IncidentID, &run.Total, &run.StartedBy, &started, &finished, &summary, &lease)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		run.StartedAt = fromMicros(started)
		if finished.Valid {
			at := fromMicros(finished.Int64)
			run.FinishedAt = &at
		}
		if summary.Valid {
			run.Summary = []byte(summary.String)
		}
		if lease.Valid {
			at := fromMicros(lease.Int64)
			run.LeaseUntil = &at
		}
		rows, err := tx.QueryContext(ctx, `SELECT body FROM diagnostic_findings WHERE org_id = ? AND run_id = ? ORDER BY idx`, orgID, run.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var body string
			if err := rows.Scan(&body); err != nil {
				return err
			}
			run.Findings = append(run.Findings, []byte(body))
		}
		return rows.Err()
	})
	if err != nil {
		return store.DiagnosticRun{}, fmt.Errorf("sqlite: diagnostic run: %w", err)
	}
	return run, nil
}
