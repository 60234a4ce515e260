package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// diagRunFrom reads a run with the lease of the claim it holds, if any.
const diagRunFrom = `SELECT r.id, r.incident_id, r.total, r.started_by, r.started_at, r.finished_at, r.summary, c.expires_at
	FROM diagnostic_runs r LEFT JOIN diagnostic_claims c ON c.org_id = r.org_id AND c.run_id = r.id `

// ClaimDiagnosticRun joins the incident's claimed run or stores run with
// the claim. The upsert takes an expired claim over and, when the claim is
// live, leaves it as it is but locked (PostgreSQL; SQLite has one writer),
// so that the holder read next cannot finish in between: two processes
// claiming at once get one run.
func (s *Store) ClaimDiagnosticRun(ctx context.Context, orgID int64, run store.DiagnosticRun, leaseUntil time.Time) (string, bool, error) {
	var (
		holder  string
		created bool
	)
	err := s.write(ctx, func(tx dbtx) error {
		created = false
		err := tx.row(ctx, `INSERT INTO diagnostic_claims (org_id, incident_id, run_id, expires_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (org_id, incident_id) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
			WHERE diagnostic_claims.expires_at <= ?
			RETURNING run_id`, orgID, run.IncidentID, run.ID, s.at(leaseUntil), s.at(run.StartedAt)).Scan(&holder)
		if errors.Is(err, sql.ErrNoRows) {
			return tx.row(ctx, `SELECT run_id FROM diagnostic_claims WHERE org_id = ? AND incident_id = ?`,
				orgID, run.IncidentID).Scan(&holder)
		}
		if err != nil {
			return err
		}
		_, err = tx.exec(ctx, `INSERT INTO diagnostic_runs (org_id, id, incident_id, total, started_by, started_at)
			VALUES (?, ?, ?, ?, ?, ?)`, orgID, run.ID, run.IncidentID, run.Total, run.StartedBy, s.at(run.StartedAt))
		if s.d.UniqueViolation(err) {
			return store.ErrConflict // the run id is taken: not a race to retry
		}
		created = err == nil
		return err
	})
	if err != nil {
		return "", false, s.fail("claim diagnostic run", err)
	}
	return holder, created, nil
}

// RenewDiagnosticClaim moves the lease of the claim runID holds.
func (s *Store) RenewDiagnosticClaim(ctx context.Context, orgID int64, runID string, until time.Time) error {
	res, err := s.writeDB().exec(ctx, `UPDATE diagnostic_claims SET expires_at = ? WHERE org_id = ? AND run_id = ?`,
		s.at(until), orgID, runID)
	if err == nil {
		if n, nerr := res.RowsAffected(); nerr != nil || n == 0 {
			err = cmp.Or(nerr, store.ErrNotFound)
		}
	}
	if err != nil {
		return s.fail("renew diagnostic claim", err)
	}
	return nil
}

// lockOpenRun locks the run row so that appends and the finish of one run
// are serialised across processes, and reports ErrNotFound or ErrConflict
// (finished).
func lockOpenRun(ctx context.Context, tx dbtx, orgID int64, runID string) error {
	var finished timeCol
	err := tx.row(ctx, `SELECT finished_at FROM diagnostic_runs WHERE org_id = ? AND id = ?`+tx.lock("UPDATE"), orgID, runID).Scan(&finished)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	if err != nil {
		return err
	}
	if finished.valid {
		return store.ErrConflict
	}
	return nil
}

// AddDiagnosticFinding appends a finding to an unfinished run.
func (s *Store) AddDiagnosticFinding(ctx context.Context, orgID int64, runID string, finding []byte) error {
	err := s.write(ctx, func(tx dbtx) error {
		if err := lockOpenRun(ctx, tx, orgID, runID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO diagnostic_findings (org_id, run_id, idx, body)
			SELECT ?, ?, COALESCE(MAX(idx), 0) + 1, ? FROM diagnostic_findings WHERE org_id = ? AND run_id = ?`,
			orgID, runID, string(finding), orgID, runID)
		return err
	})
	if err != nil {
		return s.fail("add diagnostic finding", err)
	}
	return nil
}

// FinishDiagnosticRun records the summary of an unfinished run.
func (s *Store) FinishDiagnosticRun(ctx context.Context, orgID int64, runID string, summary []byte, at time.Time) error {
	err := s.write(ctx, func(tx dbtx) error {
		if err := lockOpenRun(ctx, tx, orgID, runID); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `UPDATE diagnostic_runs SET finished_at = ?, summary = ? WHERE org_id = ? AND id = ?`,
			s.at(at), string(summary), orgID, runID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `DELETE FROM diagnostic_claims WHERE org_id = ? AND run_id = ?`, orgID, runID)
		return err
	})
	if err != nil {
		return s.fail("finish diagnostic run", err)
	}
	return nil
}

// DiagnosticRun reads one run and its findings in one snapshot.
func (s *Store) DiagnosticRun(ctx context.Context, orgID int64, runID string) (store.DiagnosticRun, error) {
	return s.diagnosticRun(ctx, orgID, diagRunFrom+`WHERE r.org_id = ? AND r.id = ?`, orgID, runID)
}

// LatestDiagnosticRun reads the incident's most recently started run; runs
// started in the same microsecond are told apart by id.
func (s *Store) LatestDiagnosticRun(ctx context.Context, orgID int64, incidentID string) (store.DiagnosticRun, error) {
	return s.diagnosticRun(ctx, orgID, diagRunFrom+`WHERE r.org_id = ? AND r.incident_id = ?
		ORDER BY r.started_at DESC, r.id DESC LIMIT 1`, orgID, incidentID)
}

func (s *Store) diagnosticRun(ctx context.Context, orgID int64, query string, args ...any) (store.DiagnosticRun, error) {
	var run store.DiagnosticRun
	err := s.read(ctx, func(tx dbtx) error {
		run = store.DiagnosticRun{}
		var (
			started, finished, lease timeCol
			summary                  sql.NullString
		)
		err := tx.row(ctx, query, args...).Scan(&run.ID, &run.IncidentID, &run.Total, &run.StartedBy, &started, &finished, &summary, &lease)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return err
		}
		run.StartedAt, run.FinishedAt, run.LeaseUntil = started.t, finished.ptr(), lease.ptr()
		if summary.Valid {
			run.Summary = []byte(summary.String)
		}
		return eachRow(ctx, tx, `SELECT body FROM diagnostic_findings WHERE org_id = ? AND run_id = ? ORDER BY idx`,
			[]any{orgID, run.ID}, func(rows *sql.Rows) error {
				var body string
				if err := rows.Scan(&body); err != nil {
					return err
				}
				run.Findings = append(run.Findings, []byte(body))
				return nil
			})
	})
	if err != nil {
		return store.DiagnosticRun{}, s.fail("diagnostic run", err)
	}
	return run, nil
}
