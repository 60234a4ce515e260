package sqlstore

import (
	"context"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// AppendEvents adds timeline entries to an existing incident of the org.
// The row lock orders appends with each other and with updates (whose
// UPDATE takes the same lock). NO KEY UPDATE rather than UPDATE: it does not
// block the FOR KEY SHARE that the events foreign key takes.
func (s *Store) AppendEvents(ctx context.Context, orgID int64, incidentID string, events []store.NewEvent) ([]incident.Event, error) {
	var out []incident.Event
	err := s.write(ctx, func(tx dbtx) error {
		if err := incidentExists(ctx, tx, orgID, incidentID, "NO KEY UPDATE"); err != nil {
			return err
		}
		var err error
		out, err = s.appendEvents(ctx, tx, orgID, incidentID, events)
		return err
	})
	if err != nil {
		return nil, s.fail("append events to "+incidentID, err)
	}
	return out, nil
}

// appendEvents numbers events after the incident's last seq. The caller
// holds the incident's row lock (fresh insert, versioned UPDATE or RowLock),
// or SQLite's single writer, so MAX(seq) cannot move under us; at READ
// COMMITTED the MAX is read after the lock was granted and sees the previous
// holder's rows. An event the projection reads makes the incident's
// projection dirty in the same transaction (migrations 0010, 0015).
func (s *Store) appendEvents(ctx context.Context, tx dbtx, orgID int64, incidentID string, events []store.NewEvent) ([]incident.Event, error) {
	if len(events) == 0 {
		return []incident.Event{}, nil
	}
	tx.touch(orgID, incidentID)
	if projectionFacts(events) {
		if _, err := tx.exec(ctx, dirtySQL, orgID, incidentID); err != nil {
			return nil, fmt.Errorf("mark projection dirty: %w", err)
		}
	}
	var last int64
	if err := tx.row(ctx, `SELECT COALESCE(MAX(seq), 0) FROM events WHERE org_id = ? AND incident_id = ?`,
		orgID, incidentID).Scan(&last); err != nil {
		return nil, fmt.Errorf("read last seq: %w", err)
	}
	out := make([]incident.Event, 0, len(events))
	for i, e := range events {
		payload, err := encodePayload(e.Payload)
		if err != nil {
			return nil, err
		}
		// Decode what was written, so the caller sees exactly what ListEvents
		// will return (numbers as float64 and so on).
		decoded, err := decodePayload(payload)
		if err != nil {
			return nil, err
		}
		ev := incident.Event{OrgID: orgID, IncidentID: incidentID, Seq: last + int64(i) + 1, Kind: e.Kind,
			Author: e.Author, At: us(e.At), Payload: decoded}
		if _, err := tx.exec(ctx, `INSERT INTO events (org_id, incident_id, seq, kind, author, at, payload)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, orgID, incidentID, ev.Seq, string(ev.Kind), ev.Author, s.at(ev.At), payload); err != nil {
			return nil, fmt.Errorf("insert event: %w", err)
		}
		out = append(out, ev)
	}
	return out, nil
}

// ListEvents returns the timeline after afterSeq; ErrNotFound when the
// incident does not exist in the org (an empty timeline is not an error).
func (s *Store) ListEvents(ctx context.Context, orgID int64, incidentID string, afterSeq int64) ([]incident.Event, error) {
	return s.tail(ctx, "list events of", orgID, incidentID, afterSeq, 0)
}

// EventsPage reads one page of a timeline on the primary key.
func (s *Store) EventsPage(ctx context.Context, orgID int64, incidentID string, afterSeq int64, limit int) ([]incident.Event, error) {
	return s.tail(ctx, "events page of", orgID, incidentID, afterSeq, min(max(limit, 1), store.MaxEventsPage))
}

// tail reads the timeline after afterSeq, at most limit events (0: all), in
// one snapshot; ErrNotFound when the incident does not exist in the org (an
// empty tail is not an error).
func (s *Store) tail(ctx context.Context, what string, orgID int64, incidentID string, afterSeq int64, limit int) ([]incident.Event, error) {
	var out []incident.Event
	err := s.read(ctx, func(tx dbtx) error {
		var err error
		if out, err = eventsIn(ctx, tx, orgID, incidentID, afterSeq, limit); err != nil {
			return err
		}
		if len(out) > 0 {
			return nil
		}
		return incidentExists(ctx, tx, orgID, incidentID, "")
	})
	if err != nil {
		return nil, s.fail(what+" "+incidentID, err)
	}
	return out, nil
}

// eventsIn reads an incident's events after afterSeq, in Seq order, at most
// limit (0: all), inside a transaction.
func eventsIn(ctx context.Context, tx dbtx, orgID int64, incidentID string, afterSeq int64, limit int) ([]incident.Event, error) {
	q, args := `SELECT `+eventCols+` FROM events e
		WHERE e.org_id = ? AND e.incident_id = ? AND e.seq > ? ORDER BY e.seq`, []any{orgID, incidentID, afterSeq}
	if limit > 0 {
		q, args = q+` LIMIT ?`, append(args, limit)
	}
	rows, err := tx.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read timeline: %w", err)
	}
	out := []incident.Event{}
	if err := collect(rows, func(ev incident.Event) { out = append(out, ev) }); err != nil {
		return nil, fmt.Errorf("read timeline: %w", err)
	}
	return out, nil
}
