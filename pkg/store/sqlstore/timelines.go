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

// eventCols is the column order scanEvent expects.
const eventCols = `e.org_id, e.incident_id, e.seq, e.kind, e.author, e.at, e.payload`

// scanEvent reads one row of eventCols.
func scanEvent(row scanner) (incident.Event, error) {
	var (
		ev      incident.Event
		kind    string
		at      timeCol
		payload sql.NullString
	)
	if err := row.Scan(&ev.OrgID, &ev.IncidentID, &ev.Seq, &kind, &ev.Author, &at, &payload); err != nil {
		return incident.Event{}, err
	}
	ev.Kind, ev.At = incident.EventKind(kind), at.t
	var err error
	ev.Payload, err = decodePayload(payload)
	return ev, err
}

// kindsIn is " AND e.kind IN …" and its arguments; nothing for no kinds.
func kindsIn(d Dialect, kinds []incident.EventKind) (string, []any) {
	if len(kinds) == 0 {
		return "", nil
	}
	cond, args := in(d, "e.kind", texts(kinds))
	return " AND " + cond, args
}

// EventsOf reads BatchIDs incidents per query, all in one read snapshot.
// The index events_kind (migration 0009) serves a kinds filter without
// reading the other events of a long timeline.
func (s *Store) EventsOf(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind) (map[string][]incident.Event, error) {
	return s.eventsOf(ctx, orgID, ids, kinds, "")
}

// EventsDuring is EventsOf bounded by time: events_kind still finds each
// incident's events of kinds, and the time is checked on those few rows.
func (s *Store) EventsDuring(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind, from, to time.Time) (map[string][]incident.Event, error) {
	return s.eventsOf(ctx, orgID, ids, kinds, eventsDuringCond, s.at(from), s.at(to))
}

const eventsDuringCond = " AND e.at >= ? AND e.at <= ?"

// eventsOf reads the events of ids (of kinds, if any) that also match cond
// (" AND …" over events e, with its arguments).
func (s *Store) eventsOf(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind, cond string, condArgs ...any) (map[string][]incident.Event, error) {
	out := map[string][]incident.Event{}
	if len(ids) == 0 {
		return out, nil
	}
	err := s.read(ctx, func(tx dbtx) error {
		clear(out)
		for start := 0; start < len(ids); start += store.BatchIDs {
			q, args := s.eventsOfSQL(orgID, ids[start:min(start+store.BatchIDs, len(ids))], kinds, cond, condArgs...)
			rows, err := tx.query(ctx, q, args...)
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
		return nil, s.fail(fmt.Sprintf("events of %d incidents", len(ids)), err)
	}
	return out, nil
}

// eventsOfSQL is eventsOf's query for one batch of ids, with ? placeholders.
func (s *Store) eventsOfSQL(orgID int64, ids []string, kinds []incident.EventKind, cond string, condArgs ...any) (string, []any) {
	kindSQL, kindArgs := kindsIn(s.d, kinds)
	from := `events e`
	if len(kinds) > 0 {
		from = s.d.EventsByKind()
	}
	idSQL, idArgs := in(s.d, "e.incident_id", ids)
	return `SELECT ` + eventCols + ` FROM ` + from + `
		WHERE e.org_id = ? AND ` + idSQL + kindSQL + cond + `
		ORDER BY e.incident_id, e.seq`, append(append(append([]any{orgID}, idArgs...), kindArgs...), condArgs...)
}

// LastSeq reads the timeline's end on the primary key; the incident row
// tells a missing incident from an empty timeline in the same query.
func (s *Store) LastSeq(ctx context.Context, orgID int64, incidentID string) (int64, error) {
	var last sql.NullInt64
	err := s.readDB().row(ctx, `SELECT (SELECT MAX(seq) FROM events WHERE org_id = i.org_id AND incident_id = i.id)
		FROM incidents i WHERE i.org_id = ? AND i.id = ?`, orgID, incidentID).Scan(&last)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, s.fail("last seq of "+incidentID, store.ErrNotFound)
	}
	if err != nil {
		return 0, s.fail("last seq of "+incidentID, err)
	}
	return last.Int64, nil
}

// collect scans every row of eventCols into add and closes rows.
func collect(rows *sql.Rows, add func(incident.Event)) error {
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
