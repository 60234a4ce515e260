package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// errAlreadyFired rolls back a Commit whose key another transaction claimed.
var errAlreadyFired = errors.New("already fired")

// Commit locks the incident row first (or runs on SQLite's single writer),
// so effects on one incident are applied one transaction at a time and the
// version check cannot race; the firing row's primary key is what makes a
// claim once-only.
func (s *Store) Commit(ctx context.Context, e store.Effects) (store.Committed, error) {
	var saved []incident.Event
	err := s.write(ctx, func(tx dbtx) error {
		var version int64
		err := tx.row(ctx, `SELECT version FROM incidents WHERE org_id = ? AND id = ?`+tx.lock("NO KEY UPDATE"),
			e.OrgID, e.IncidentID).Scan(&version)
		if errors.Is(err, sql.ErrNoRows) {
			return store.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("lock incident: %w", err)
		}
		if e.ExpectVersion > 0 && version != e.ExpectVersion {
			return store.ErrConflict
		}
		if e.Key != "" {
			res, err := tx.exec(ctx, `INSERT INTO firings (org_id, incident_id, key, fired_at) VALUES (?, ?, ?, ?)
				ON CONFLICT DO NOTHING`, e.OrgID, e.IncidentID, e.Key, s.at(e.At))
			if err != nil {
				return fmt.Errorf("claim firing: %w", err)
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return errAlreadyFired
			}
		}
		if e.Update != nil {
			if err := s.updateLocked(ctx, tx, *e.Update); err != nil {
				return err
			}
		}
		evs, err := s.appendEvents(ctx, tx, e.OrgID, e.IncidentID, e.Events)
		if err != nil {
			return err
		}
		for _, o := range e.Outbox {
			at := o.NotBefore
			if at.IsZero() {
				at = e.At
			}
			if _, err := tx.exec(ctx, `INSERT INTO outbox (org_id, incident_id, channel, delivery_id, payload, priority, next_attempt_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING`,
				e.OrgID, e.IncidentID, o.Channel, o.DeliveryID, string(o.Payload), o.Priority, s.at(at), s.at(e.At)); err != nil {
				return fmt.Errorf("enqueue notification: %w", err)
			}
		}
		saved = evs
		return nil
	})
	if errors.Is(err, errAlreadyFired) {
		return store.Committed{}, nil
	}
	if err != nil {
		return store.Committed{}, s.fail("commit effects on "+e.IncidentID, err)
	}
	return store.Committed{Fired: true, Events: saved}, nil
}

// updateLocked is UpdateIncident's write inside Commit's transaction.
func (s *Store) updateLocked(ctx context.Context, tx dbtx, inc incident.Incident) error {
	services, details, err := encodeIncident(inc.Services, inc.Details)
	if err != nil {
		return err
	}
	res, err := tx.exec(ctx, updateIncidentSQL, s.updateArgs(inc, services, details)...)
	if err != nil {
		return fmt.Errorf("update incident: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return store.ErrConflict
	}
	tx.touch(inc.OrgID, inc.ID)
	return writeServices(ctx, tx, inc.OrgID, inc.ID, inc.Services)
}

// PutChannelRoutes replaces the org's routes.
func (s *Store) PutChannelRoutes(ctx context.Context, orgID int64, body []byte, at time.Time) error {
	_, err := s.writeDB().exec(ctx, `INSERT INTO channel_routes (org_id, body, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (org_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`, orgID, string(body), s.at(at))
	if err != nil {
		return s.fail("put channel routes", err)
	}
	return nil
}

// ChannelRoutes reads every org's routes.
func (s *Store) ChannelRoutes(ctx context.Context) (map[int64][]byte, error) {
	out := map[int64][]byte{}
	err := eachRow(ctx, s.readDB(), `SELECT org_id, body FROM channel_routes`, nil, func(rows *sql.Rows) error {
		var org int64
		var body string
		if err := rows.Scan(&org, &body); err != nil {
			return err
		}
		out[org] = []byte(body)
		return nil
	})
	if err != nil {
		return nil, s.fail("channel routes", err)
	}
	return out, nil
}

// eachRow runs query and hands every row to scan.
func eachRow(ctx context.Context, tx dbtx, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
