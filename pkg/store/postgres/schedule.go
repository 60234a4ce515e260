package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/internal/sqlcommon"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// OpenIncidents reads a page of open incidents of every org and the events
// the timers read in one REPEATABLE READ snapshot: two queries, both on the
// partial index incidents_open. A row that scans but does not decode marks
// its incident (OpenIncident.Err) instead of failing the page.
func (s *Store) OpenIncidents(ctx context.Context, after store.Cursor, limit int) ([]store.OpenIncident, error) {
	if limit <= 0 {
		limit = 500
	}
	var out []store.OpenIncident
	err := s.read(ctx, func(tx pgx.Tx) error {
		out = nil
		const page = `SELECT org_id, id FROM incidents WHERE status <> 'resolved' AND (org_id, id) > ($1, $2)
			ORDER BY org_id, id LIMIT $3`
		rows, err := tx.Query(ctx, `SELECT org_id, id, `+incidentCols+` FROM incidents WHERE status <> 'resolved' AND (org_id, id) > ($1, $2)
			ORDER BY org_id, id LIMIT $3`, after.OrgID, after.ID, limit)
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
		// Only the kinds the timer engine reads (timers.EventKinds), looked
		// up per incident on the index events_kind: an incident with
		// thousands of notes costs its few timer events. LATERAL keeps the
		// planner from a hash join over the whole events table, which it
		// picks when its statistics see few timer events. An incident
		// resolved between the two queries cannot appear: both read the
		// same snapshot.
		kindSQL, kindArgs := kindsIn(timers.EventKinds, 4)
		rows, err = tx.Query(ctx, `SELECT e.org_id, e.incident_id, `+eventCols+`
			FROM (`+page+`) p CROSS JOIN LATERAL (SELECT * FROM events e
				WHERE e.org_id = p.org_id AND e.incident_id = p.id`+kindSQL+`) e
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
		return nil, fmt.Errorf("postgres: open incidents: %w", err)
	}
	return out, nil
}

// keyed scans a row that starts with (org_id, id) before the columns its
// caller asks for, and remembers whether the scan itself succeeded: an
// error after a successful scan is the row's data not decoding, which
// spoils only that incident (see OpenIncidents).
type keyed struct {
	row     pgx.Row
	key     store.Cursor
	scanned bool
}

func (k *keyed) Scan(dest ...any) error {
	err := k.row.Scan(append([]any{&k.key.OrgID, &k.key.ID}, dest...)...)
	k.scanned = err == nil
	return err
}

// errAlreadyFired rolls back a Commit whose key another transaction claimed.
var errAlreadyFired = errors.New("already fired")

// Commit locks the incident row first, so effects on one incident are
// applied one transaction at a time and the version check cannot race;
// the firing row's primary key is what makes a claim once-only.
func (s *Store) Commit(ctx context.Context, e store.Effects) (store.Committed, error) {
	var saved []incident.Event
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var version int64
		err := tx.QueryRow(ctx, `SELECT version FROM incidents WHERE org_id = $1 AND id = $2 FOR NO KEY UPDATE`,
			e.OrgID, e.IncidentID).Scan(&version)
		if errors.Is(err, pgx.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("lock incident: %w", err)
		}
		if e.ExpectVersion > 0 && version != e.ExpectVersion {
			return store.ErrConflict
		}
		if e.Key != "" {
			tag, err := tx.Exec(ctx, `INSERT INTO firings (org_id, incident_id, key, fired_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT DO NOTHING`, e.OrgID, e.IncidentID, e.Key, ts(e.At))
			if err != nil {
				return fmt.Errorf("claim firing: %w", err)
			}
			if tag.RowsAffected() == 0 {
				return errAlreadyFired
			}
		}
		if e.Update != nil {
			if err := s.updateLocked(ctx, tx, *e.Update); err != nil {
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
			if _, err := tx.Exec(ctx, `INSERT INTO outbox (org_id, incident_id, channel, delivery_id, payload, priority, next_attempt_at, created_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (delivery_id) DO NOTHING`,
				e.OrgID, e.IncidentID, o.Channel, o.DeliveryID, string(o.Payload), o.Priority, ts(at), ts(e.At)); err != nil {
				return fmt.Errorf("enqueue notification: %w", err)
			}
		}
		return nil
	})
	if errors.Is(err, errAlreadyFired) {
		return store.Committed{}, nil
	}
	if err != nil {
		return store.Committed{}, fmt.Errorf("postgres: commit effects on %s: %w", e.IncidentID, err)
	}
	return store.Committed{Fired: true, Events: saved}, nil
}

// updateLocked is UpdateIncident's write inside Commit's transaction.
func (s *Store) updateLocked(ctx context.Context, tx pgx.Tx, inc incident.Incident) error {
	services, details, err := sqlcommon.EncodeIncident(inc.Services, inc.Details)
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `UPDATE incidents
		SET title = $1, severity = $2, status = $3, services = $4, summary = $5, updated_at = $6,
		    resolved_at = $7, details = $8, version = version + 1
		WHERE org_id = $9 AND id = $10 AND version = $11`,
		inc.Title, string(inc.Severity), string(inc.Status), services, inc.Summary, ts(inc.UpdatedAt),
		tsPtr(inc.ResolvedAt), details, inc.OrgID, inc.ID, inc.Version)
	if err != nil {
		return fmt.Errorf("update incident: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return store.ErrConflict
	}
	return writeServices(ctx, tx, inc.OrgID, inc.ID, inc.Services)
}

// PutChannelRoutes replaces the org's routes.
func (s *Store) PutChannelRoutes(ctx context.Context, orgID int64, body []byte, at time.Time) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO channel_routes (org_id, body, updated_at) VALUES ($1, $2, $3)
		ON CONFLICT (org_id) DO UPDATE SET body = EXCLUDED.body, updated_at = EXCLUDED.updated_at`, orgID, string(body), ts(at))
	if err != nil {
		return fmt.Errorf("postgres: put channel routes: %w", err)
	}
	return nil
}

// ChannelRoutes reads every org's routes.
func (s *Store) ChannelRoutes(ctx context.Context) (map[int64][]byte, error) {
	rows, err := s.pool.Query(ctx, `SELECT org_id, body FROM channel_routes`)
	if err != nil {
		return nil, fmt.Errorf("postgres: channel routes: %w", err)
	}
	defer rows.Close()
	out := map[int64][]byte{}
	for rows.Next() {
		var org int64
		var body string
		if err := rows.Scan(&org, &body); err != nil {
			return nil, fmt.Errorf("postgres: channel routes: %w", err)
		}
		out[org] = []byte(body)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: channel routes: %w", err)
	}
	return out, nil
}
