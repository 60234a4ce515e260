package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// eventCols is the column order scanEvent expects.
const eventCols = `e.org_id, e.incident_id, e.seq, e.kind, e.author, e.at, e.payload`

// scanEvent reads one row of eventCols.
func scanEvent(row pgx.Row) (incident.Event, error) {
	var (
		ev      incident.Event
		kind    string
		at      time.Time
		payload []byte
	)
	if err := row.Scan(&ev.OrgID, &ev.IncidentID, &ev.Seq, &kind, &ev.Author, &at, &payload); err != nil {
		return incident.Event{}, err
	}
	ev.Kind, ev.At = incident.EventKind(kind), at.UTC()
	var err error
	ev.Payload, err = decodePayload(payload)
	return ev, err
}

// kindsIn is " AND e.kind = ANY($n)" and its argument; nothing for no kinds.
func kindsIn(kinds []incident.EventKind, n int) (string, []any) {
	if len(kinds) == 0 {
		return "", nil
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = string(k)
	}
	return fmt.Sprintf(` AND e.kind = ANY($%d::text[])`, n), []any{names}
}

// EventsOf reads BatchIDs incidents per query, all in one REPEATABLE READ
// snapshot. The index events_kind (migration 0009) serves a kinds filter
// without reading the other events of a long timeline.
func (s *Store) EventsOf(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind) (map[string][]incident.Event, error) {
	out := map[string][]incident.Event{}
	if len(ids) == 0 {
		return out, nil
	}
	kindSQL, kindArgs := kindsIn(kinds, 3)
	err := s.read(ctx, func(tx pgx.Tx) error {
		clear(out)
		for start := 0; start < len(ids); start += store.BatchIDs {
			batch := ids[start:min(start+store.BatchIDs, len(ids))]
			rows, err := tx.Query(ctx, `SELECT `+eventCols+` FROM events e
				WHERE e.org_id = $1 AND e.incident_id = ANY($2::text[])`+kindSQL+`
				ORDER BY e.incident_id, e.seq`, append([]any{orgID, batch}, kindArgs...)...)
			if err != nil {
				return err
			}
			err = collect(rows, func(ev incident.Event) { out[ev.IncidentID] = append(out[ev.IncidentID], ev) })
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: events of %d incidents: %w", len(ids), err)
	}
	return out, nil
}

// EventsPage reads one page of a timeline on the primary key.
func (s *Store) EventsPage(ctx context.Context, orgID int64, incidentID string, afterSeq int64, limit int) ([]incident.Event, error) {
	limit = min(max(limit, 1), store.MaxEventsPage)
	out := []incident.Event{}
	err := s.read(ctx, func(tx pgx.Tx) error {
		out = out[:0]
		rows, err := tx.Query(ctx, `SELECT `+eventCols+` FROM events e
			WHERE e.org_id = $1 AND e.incident_id = $2 AND e.seq > $3 ORDER BY e.seq LIMIT $4`, orgID, incidentID, afterSeq, limit)
		if err != nil {
			return err
		}
		if err := collect(rows, func(ev incident.Event) { out = append(out, ev) }); err != nil {
			return err
		}
		if len(out) > 0 {
			return nil
		}
		return incidentExists(ctx, tx, orgID, incidentID)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: events page of %s: %w", incidentID, err)
	}
	return out, nil
}

// LastSeq reads the timeline's end on the primary key; the incident row
// tells a missing incident from an empty timeline in the same query.
func (s *Store) LastSeq(ctx context.Context, orgID int64, incidentID string) (int64, error) {
	var last *int64
	err := s.pool.QueryRow(ctx, `SELECT (SELECT MAX(seq) FROM events WHERE org_id = i.org_id AND incident_id = i.id)
		FROM incidents i WHERE i.org_id = $1 AND i.id = $2`, orgID, incidentID).Scan(&last)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("postgres: last seq of %s: %w", incidentID, store.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: last seq of %s: %w", incidentID, err)
	}
	if last == nil {
		return 0, nil
	}
	return *last, nil
}

// collect scans every row of eventCols into add and closes rows.
func collect(rows pgx.Rows, add func(incident.Event)) error {
	defer rows.Close()
	for rows.Next() {
		ev, err := scanEvent(rows)
		if err != nil {
			return err
		}
		add(ev)
	}
	return rows.Err()
}
