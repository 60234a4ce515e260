package store

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// During selects what a time range shows: the incidents open at some moment
// of [From, To] — created at or before To, and unresolved or resolved at or
// after From — that match every filter set. Zero filters mean "any".
type During struct {
	From, To time.Time // both inclusive, as Grafana's ranges are
	Service  string
	Severity incident.Severity
	// Tag matches an incident whose id, severity or one of whose services
	// equals it.
	Tag string
	// LinksOnly reads details.links and leaves the rest of the details
	// (checklist, steps, roles…) zero: all a table or an annotation shows,
	// without decoding the rest for every incident of a long range.
	LinksOnly bool
	// After continues a read: only the incidents after this one in the
	// newest-first order (created earlier, or at the same time with a
	// smaller id).
	After *Position
}

// Position is an incident's place in the newest-first order of a range.
type Position struct {
	CreatedAt time.Time
	ID        string
}

// Ranges reads a time range with range-bounded, indexed queries: the cost
// follows the range and the limit, not the org's history.
type Ranges interface {
	// IncidentsDuring returns at most limit (1..MaxDuring) incidents of d,
	// newest first (created, then id, descending), without
	// details.postmortem, and whether more follow.
	IncidentsDuring(ctx context.Context, orgID int64, d During, limit int) (incs []incident.Incident, more bool, err error)
	// CountDuring is how many incidents d selects: for a query that
	// stopped at its limit to say how many it left out.
	CountDuring(ctx context.Context, orgID int64, d During) (int, error)
	// EventsDuring returns the events of the org's incidents ids with one of
	// kinds whose time falls in [from, to], each incident's in Seq order,
	// keyed by incident id, BatchIDs incidents per query.
	EventsDuring(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind, from, to time.Time) (map[string][]incident.Event, error)
}

// MaxDuring bounds one IncidentsDuring; larger limits are clamped.
const MaxDuring = 10_000

func (h *handle) IncidentsDuring(ctx context.Context, orgID int64, d During, limit int) ([]incident.Incident, bool, error) {
	if err := h.check(); err != nil {
		return nil, false, err
	}
	return h.st.IncidentsDuring(ctx, orgID, d, limit)
}

func (h *handle) CountDuring(ctx context.Context, orgID int64, d During) (int, error) {
	if err := h.check(); err != nil {
		return 0, err
	}
	return h.st.CountDuring(ctx, orgID, d)
}

func (h *handle) EventsDuring(ctx context.Context, orgID int64, ids []string, kinds []incident.EventKind, from, to time.Time) (map[string][]incident.Event, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.EventsDuring(ctx, orgID, ids, kinds, from, to)
}
