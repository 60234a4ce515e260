package api

import (
	"math"
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

const (
	defaultEventsLimit = 500
	// maxEventsLimit bounds one answer: a timeline has no bound (alerts,
	// notes and deliveries of a long incident), a response must.
	maxEventsLimit = 500
)

// EventsPage answers GET /incidents/{id}/events: events after ?after in Seq
// order, at most ?limit of them. While HasMore, NextAfter is the after of
// the next page; a client reads pages until HasMore is false.
type EventsPage struct {
	Items     []incident.Event `json:"items"`
	HasMore   bool             `json:"hasMore"`
	NextAfter *int64           `json:"nextAfter,omitempty"`
}

func (a *API) listEvents(r *http.Request, id Identity) (int, any, error) {
	after, err := intParam(r, "after", 0, 0, math.MaxInt32) // int is 32-bit on linux/arm
	if err != nil {
		return 0, nil, err
	}
	limit, err := intParam(r, "limit", defaultEventsLimit, 1, maxEventsLimit)
	if err != nil {
		return 0, nil, err
	}
	// One more than asked tells whether another page follows.
	events, err := a.Store.EventsPage(r.Context(), id.OrgID, r.PathValue("id"), int64(after), limit+1)
	if err != nil {
		return 0, nil, err
	}
	page := EventsPage{Items: events}
	if len(events) > limit {
		next := events[limit-1].Seq
		page.Items, page.HasMore, page.NextAfter = events[:limit], true, &next
	}
	return http.StatusOK, page, nil
}
