package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// scheduleCols is the column order scanSchedule expects.
const scheduleCols = `id, name, body, version, updated_by, updated_at`

func scanSchedule(row scanner) (store.ScheduleRecord, error) {
	var (
		rec  store.ScheduleRecord
		body string
		at   timeCol
	)
	if err := row.Scan(&rec.ID, &rec.Name, &body, &rec.Version, &rec.UpdatedBy, &at); err != nil {
		return store.ScheduleRecord{}, err
	}
	rec.Body, rec.UpdatedAt = []byte(body), at.t
	return rec, nil
}

// Schedules lists the org's schedules in id order; SaveSchedule keeps an org
// to store.MaxSchedules, so the limit cuts nothing.
func (s *Store) Schedules(ctx context.Context, orgID int64) ([]store.ScheduleRecord, error) {
	var out []store.ScheduleRecord
	err := eachRow(ctx, s.readDB(), `SELECT `+scheduleCols+` FROM oncall_schedules WHERE org_id = ? ORDER BY id LIMIT ?`,
		[]any{orgID, store.MaxSchedules}, func(rows *sql.Rows) error {
			rec, err := scanSchedule(rows)
			if err != nil {
				return err
			}
			out = append(out, rec)
			return nil
		})
	if err != nil {
		return nil, s.fail("schedules", err)
	}
	return out, nil
}

// Schedule returns one schedule of the org, ErrNotFound if absent.
func (s *Store) Schedule(ctx context.Context, orgID int64, id string) (store.ScheduleRecord, error) {
	if !storable(id) {
		return store.ScheduleRecord{}, s.fail("schedule", store.ErrNotFound)
	}
	rec, err := scanSchedule(s.readDB().row(ctx, `SELECT `+scheduleCols+` FROM oncall_schedules WHERE org_id = ? AND id = ?`, orgID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.ScheduleRecord{}, s.fail("schedule", store.ErrNotFound)
	}
	if err != nil {
		return store.ScheduleRecord{}, s.fail("read schedule", err)
	}
	return rec, nil
}

func checkSchedule(rec store.ScheduleRecord, expected int) error {
	if expected < 0 {
		return fmt.Errorf("the expected version %d is negative", expected)
	}
	if err := checkText("schedule id", rec.ID, store.MaxOnCallText, true); err != nil {
		return err
	}
	if err := checkText("schedule name", rec.Name, store.MaxOnCallText, false); err != nil {
		return err
	}
	if err := checkText("author", rec.UpdatedBy, store.MaxOnCallText, false); err != nil {
		return err
	}
	return checkJSON("schedule body", rec.Body, store.MaxScheduleBody)
}

// SaveSchedule stores rec as version expected+1. A create (expected 0) holds
// the org's on-call lock while it counts the org's schedules and inserts, so
// two back ends cannot both add the last one allowed; an existing id inserts
// nothing and is ErrConflict. An update is one UPDATE of the row at the
// expected version: at READ COMMITTED a second update racing on the same
// version waits for the first, then no longer matches (ErrConflict). The
// body goes to a text column, so it comes back exactly as written.
func (s *Store) SaveSchedule(ctx context.Context, orgID int64, rec store.ScheduleRecord, expected int) (store.ScheduleRecord, error) {
	if err := checkSchedule(rec, expected); err != nil {
		return store.ScheduleRecord{}, s.fail("save schedule", err)
	}
	out := store.ScheduleRecord{ID: rec.ID, Name: rec.Name, Body: bytes.Clone(rec.Body), Version: expected + 1,
		UpdatedBy: rec.UpdatedBy, UpdatedAt: us(rec.UpdatedAt)}
	err := s.write(ctx, func(tx dbtx) error {
		if expected == 0 {
			return s.createSchedule(ctx, tx, orgID, out)
		}
		n, err := affected(tx.exec(ctx, `UPDATE oncall_schedules SET name = ?, body = ?, version = ?, updated_by = ?, updated_at = ?
			WHERE org_id = ? AND id = ? AND version = ?`,
			out.Name, string(out.Body), out.Version, out.UpdatedBy, s.at(out.UpdatedAt), orgID, out.ID, expected))
		if err != nil {
			return fmt.Errorf("update schedule: %w", err)
		}
		if n == 0 {
			return s.scheduleMissing(ctx, tx, orgID, out.ID)
		}
		return nil
	})
	if s.d.UniqueViolation(err) {
		err = store.ErrConflict
	}
	if err != nil {
		return store.ScheduleRecord{}, s.fail(fmt.Sprintf("save schedule version %d", out.Version), err)
	}
	return out, nil
}

func (s *Store) createSchedule(ctx context.Context, tx dbtx, orgID int64, rec store.ScheduleRecord) error {
	if err := s.lockOnCall(ctx, tx, orgID); err != nil {
		return err
	}
	var n int
	if err := tx.row(ctx, `SELECT COUNT(*) FROM oncall_schedules WHERE org_id = ?`, orgID).Scan(&n); err != nil {
		return fmt.Errorf("count schedules: %w", err)
	}
	if n >= store.MaxSchedules {
		return fmt.Errorf("%w: the org has %d schedules, the most allowed", store.ErrConflict, n)
	}
	added, err := affected(tx.exec(ctx, `INSERT INTO oncall_schedules (org_id, `+scheduleCols+`) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (org_id, id) DO NOTHING`,
		orgID, rec.ID, rec.Name, string(rec.Body), rec.Version, rec.UpdatedBy, s.at(rec.UpdatedAt)))
	if err != nil {
		return fmt.Errorf("insert schedule: %w", err)
	}
	if added == 0 {
		return fmt.Errorf("%w: the schedule exists", store.ErrConflict)
	}
	return nil
}

// scheduleMissing is why a write at an expected version changed no row:
// ErrConflict when the schedule exists (at another version), else
// ErrNotFound.
func (s *Store) scheduleMissing(ctx context.Context, tx dbtx, orgID int64, id string) error {
	var n int
	if err := tx.row(ctx, `SELECT COUNT(*) FROM oncall_schedules WHERE org_id = ? AND id = ?`, orgID, id).Scan(&n); err != nil {
		return fmt.Errorf("read schedule: %w", err)
	}
	if n > 0 {
		return store.ErrConflict
	}
	return store.ErrNotFound
}

// DeleteSchedule removes the schedule if the stored version is expected:
// ErrConflict if it is another, ErrNotFound if none is stored.
func (s *Store) DeleteSchedule(ctx context.Context, orgID int64, id string, expected int) error {
	if !storable(id) {
		return s.fail("delete schedule", store.ErrNotFound)
	}
	err := s.write(ctx, func(tx dbtx) error {
		n, err := affected(tx.exec(ctx, `DELETE FROM oncall_schedules WHERE org_id = ? AND id = ? AND version = ?`, orgID, id, expected))
		if err != nil {
			return fmt.Errorf("delete: %w", err)
		}
		if n == 0 {
			return s.scheduleMissing(ctx, tx, orgID, id)
		}
		return nil
	})
	if err != nil {
		return s.fail(fmt.Sprintf("delete schedule version %d", expected), err)
	}
	return nil
}
