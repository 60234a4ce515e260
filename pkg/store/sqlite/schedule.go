package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/internal/sqlcommon"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// OpenIncidents reads a page of open incidents of every org and the events
// the timers read, in one read transaction, on the partial index
// incidents_open. A row that scans but does not decode marks its incident
// (OpenIncident.Err) instead of failing the page.
func (s *Store) OpenIncidents(ctx context.Context, after store.Cursor, limit int) ([]store.OpenIncident, error) {
	if limit <= 0 {
		limit = 500
	}
	var out []store.OpenIncident
	err := s.read(ctx, func(tx *sql.Tx) error {
		out = nil
		const page = `SELECT org_id, id FROM incidents WHERE status <> 'resolved' AND (org_id, id) > (?, ?)
			ORDER BY org_id, id LIMIT ?`
		rows, err := tx.QueryContext(ctx, `SELECT org_id, id, `+incidentCols+` FROM incidents WHERE status <> 'resolved' AND (org_id, id) > (?, ?)
			ORDER BY org_id, id LIMIT ?`, after.OrgID, after.ID, limit)
		if err != nil {
			return err
		}
		index := map[store.Cursor]int{}
		for rows.Next() {
			row := &keyed{row: rows}
			inc, err := scanIncident(row)
			if err != nil && !row.scanned {
				rows.Close()
				return err
			}
			index[row.key] = len(out)
			out = append(out, sqlcommon.OpenIncident(row.key, inc, err))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(out) == 0 {
			return nil
		}
		// Only the kinds the timer engine reads (timers.EventKinds), on the
		// index events_kind: an incident with thousands of notes costs its
		// few timer events.
		kindSQL, kindArgs := kindsIn(timers.EventKinds)
		rows, err = tx.QueryContext(ctx, `SELECT e.org_id, e.incident_id, `+eventCols+`
			FROM events e INDEXED BY events_kind JOIN (`+page+`) p ON e.org_id = p.org_id AND e.incident_id = p.id
			WHERE 1 = 1`+kindSQL+`
			ORDER BY e.org_id, e.incident_id, e.seq`, append([]any{after.OrgID, after.ID, limit}, kindArgs...)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			row := &keyed{row: rows}
			ev, err := scanEvent(row)
			if err != nil && !row.scanned {
				return err
			}
			if i, ok := index[row.key]; ok {
				sqlcommon.AddOpenEvent(&out[i], ev, err)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: open incidents: %w", err)
	}
	return out, nil
}

// keyed scans a row that starts with (org_id, id) before the columns its
// caller asks for, and remembers whether the scan itself succeeded: an
// error after a successful scan is the row's data not decoding, which
// spoils only that incident (see OpenIncidents).
type keyed struct {
	row     scanner
	key     store.Cursor
	scanned bool
}

func (k *keyed) Scan(dest ...any) error {
	err := k.row.Scan(append([]any{&k.key.OrgID, &k.key.ID}, dest...)...)
	k.scanned = err == nil
	return err
}

var errAlreadyFired = errors.New("already fired")

// Commit runs on the single writer connection, so the version check, the
// claim and the effects cannot interleave with another write.
func (s *Store) Commit(ctx context.Context, e store.Effects) (store.Committed, error) {
	var saved []incident.Event
	err := s.write(ctx, func(tx *sql.Tx) error {
		var version int64
		err := tx.QueryRowContext(ctx, `SELECT version FROM incidents WHERE org_id = ? AND id = ?`, e.OrgID, e.IncidentID).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("read incident: %w", err)
		}
		if e.ExpectVersion > 0 && version != e.ExpectVersion {
			return store.ErrConflict
		}
		if e.Key != "" {
			res, err := tx.ExecContext(ctx, `INSERT INTO firings (org_id, incident_id, key, fired_at) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, e.OrgID, e.IncidentID, e.Key, micros(e.At))
			if err != nil {
				return fmt.Errorf("claim firing: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return errAlreadyFired
			}
		}
		if e.Update != nil {
			if err := updateLocked(ctx, tx, *e.Update); err != nil {
				return err
			}
		}
		evs, err := appendEvents(ctx, tx, e.OrgID, e.IncidentID, e.Events)
		if err != nil {
			return err
		}
		saved = evs
		for _, o := range e.Outbox {
			at := o.NotBefore
			if at.IsZero() {
				at = e.At
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (org_id, incident_id, channel, delivery_id, payload, priority, next_attempt_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING`,
				e.OrgID, e.IncidentID, o.Channel, o.DeliveryID, string(o.Payload), o.Priority, micros(at), micros(e.At)); err != nil {
				return fmt.Errorf("enqueue notification: %w", err)
			}
		}
		return nil
	})
	if errors.Is(err, errAlreadyFired) {
		return store.Committed{}, nil
	}
	if err != nil {
		return store.Committed{}, fmt.Errorf("sqlite: commit effects on %s: %w", e.IncidentID, err)
	}
	return store.Committed{Fired: true, Events: saved}, nil
}

func updateLocked(ctx context.Context, tx *sql.Tx, inc incident.Incident) error {
	services, details, err := sqlcommon.EncodeIncident(inc.Services, inc.Details)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `UPDATE incidents
		SET title = ?, severity = ?, status = ?, services = ?, summary = ?, updated_at = ?,
		    resolved_at = ?, details = ?, version = version + 1
		WHERE org_id = ? AND id = ? AND version = ?`,
		inc.Title, string(inc.Severity), string(inc.Status), services, inc.Summary, micros(inc.UpdatedAt),
		nullMicros(inc.ResolvedAt), details, inc.OrgID, inc.ID, inc.Version)
	if err != nil {
		return fmt.Errorf("update incident: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return store.ErrConflict
	}
	return writeServices(ctx, tx, inc.OrgID, inc.ID, inc.Services)
}

// PutChannelRoutes replaces the org's routes.
func (s *Store) PutChannelRoutes(ctx context.Context, orgID int64, body []byte, at time.Time) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO channel_routes (org_id, body, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (org_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`, orgID, string(body), micros(at))
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: put channel routes: %w", err)
	}
	return nil
}

// ChannelRoutes reads every org's routes.
func (s *Store) ChannelRoutes(ctx context.Context) (map[int64][]byte, error) {
	out := map[int64][]byte{}
	err := s.read(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT org_id, body FROM channel_routes`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var org int64
			var body string
			if err := rows.Scan(&org, &body); err != nil {
				return err
			}
			out[org] = []byte(body)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: channel routes: %w", err)
	}
	return out, nil
}
