package store

import (
	"context"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Attaching appends timeline entries that depend on the timeline itself
// (an alert is recorded unless the timeline has it), without optimistic
// version retries: the decision and the append happen under the incident's
// write lock, so any number of concurrent attaches each land exactly once.
type Attaching interface {
	// AttachEvents runs plan on the incident and its whole timeline as they
	// are inside one write transaction that holds the incident against every
	// other writer of it (appends, updates, other attaches), and appends the
	// events plan returns in that transaction. The incident itself (version,
	// updated_at) is not changed, as with AppendEvents.
	//
	// plan may run more than once (a store retries transient failures), so
	// it must only compute. An error from plan rolls back and is returned
	// wrapped. A missing incident gives ErrNotFound and does not call plan.
	// The appended events are returned (empty, not nil, when none).
	AttachEvents(ctx context.Context, orgID int64, incidentID string, plan AttachPlan) ([]incident.Event, error)
}

// AttachPlan decides what to append given the current incident and timeline.
type AttachPlan func(inc incident.Incident, timeline []incident.Event) ([]NewEvent, error)

func (h *handle) AttachEvents(ctx context.Context, orgID int64, incidentID string, plan AttachPlan) ([]incident.Event, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.AttachEvents(ctx, orgID, incidentID, plan)
}
