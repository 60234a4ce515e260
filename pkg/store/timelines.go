package store

import (
	"context"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Timelines reads timelines without reading them whole: many incidents at
// once (one query per BatchIDs incidents, optionally only some kinds), or
// one incident a page at a time.
type Timelines interface {
	// EventsOf returns the events of the org's incidents ids, each
	// incident's in Seq order, keyed by incident id, from one snapshot; with
	// kinds, only events of those kinds. An id of no incident of the org,
	// or one without such events, has no key. Ids are read BatchIDs per
	// query, so a caller never issues one query per incident.
	EventsOf(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind) (map[string][]incident.Event, error)
	// EventsPage returns at most limit (1..MaxEventsPage) events of the
	// timeline after afterSeq, in Seq order; ErrNotFound when the incident
	// does not exist in the org (an empty page is not an error).
	EventsPage(ctx context.Context, orgID int64, incidentID string, afterSeq int64, limit int) ([]incident.Event, error)
	// LastSeq returns the Seq of the timeline's last event, 0 for a
	// timeline without events, ErrNotFound when the incident does not
	// exist in the org. One lookup on the primary key, however long the
	// timeline: the live stream's first poll needs only where it ends.
	LastSeq(ctx context.Context, orgID int64, incidentID string) (int64, error)
}

const (
	// BatchIDs is how many incidents one EventsOf query names: well under
	// SQLite's bound parameters, and a page of the lists that call it.
	BatchIDs = 500
	// MaxEventsPage bounds one EventsPage; larger limits are clamped.
	MaxEventsPage = 1000
)

func (h *handle) EventsOf(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind) (map[string][]incident.Event, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.EventsOf(ctx, orgID, ids, kinds)
}

func (h *handle) EventsPage(ctx context.Context, orgID int64, incidentID string, afterSeq int64, limit int) ([]incident.Event, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.EventsPage(ctx, orgID, incidentID, afterSeq, limit)
}

func (h *handle) LastSeq(ctx context.Context, orgID int64, incidentID string) (int64, error) {
	if err := h.check(); err != nil {
		return 0, err
	}
	return h.st.LastSeq(ctx, orgID, incidentID)
}
