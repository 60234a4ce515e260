package store

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// ProjectionKinds are the events the scheduler's projection reads: the
// timers' (timers.EventKinds) and the insights record's (insights.EventKinds).
// DueIncidents hands over these, and appending one makes the incident's
// projection dirty; every reader of a projection's facts uses this list.
var ProjectionKinds = slices.Concat(timers.EventKinds, insights.EventKinds)

// InsightsFilter selects the insights records of an org's incidents.
// Empty lists mean any.
type InsightsFilter struct {
	From, To time.Time // on the declaration (created_at); To is exclusive
	// Services: incidents naming any of them.
	Services []string
	// Severities: records whose most severe level reached is one of them.
	// Applied to fresh records only: a stale record's level may be out of
	// date, so its incident is returned as stale whatever its stored level.
	Severities []incident.Severity
	// At is when the records must hold: a record is fresh while its
	// incident's projection is (the projection's next due time is later
	// than At), as the stored timers are (Filter.TimersAt). The zero time
	// takes every record as stored, stale only where written since.
	At time.Time
}

// MaxInsightsRows bounds what one InsightsRows call reads (rows and stale
// ids together): a year of a busy org is a few thousand incidents, so a
// range above this is refused with ErrTooManyRows rather than measured on
// a part of it.
const MaxInsightsRows = 200_000

// ErrTooManyRows means a read would exceed its bound; the caller narrows it.
var ErrTooManyRows = errors.New("too many rows: narrow the range")

// MaxOpenDue bounds the open action items' due dates stored per record:
// postmortem.MaxActionItems, the most a post-mortem may hold (a test keeps
// the two equal). A record read back holds at most this many.
const MaxOpenDue = 50

// Insights reads the insights records the scheduler stores with each
// projection (migration 0015).
type Insights interface {
	// InsightsRows returns, in declaration order (then id), the stored
	// records of the org's incidents f selects, with Title and Services
	// from the incident, and the ids of the incidents of f's range and
	// services whose record is stale or missing at f.At (the caller
	// computes those). One statement on incidents_created; more than
	// MaxInsightsRows incidents in all gives ErrTooManyRows.
	InsightsRows(ctx context.Context, orgID int64, f InsightsFilter) ([]insights.Row, []string, error)
}

func (h *handle) InsightsRows(ctx context.Context, orgID int64, f InsightsFilter) ([]insights.Row, []string, error) {
	if err := h.check(); err != nil {
		return nil, nil, err
	}
	return h.st.InsightsRows(ctx, orgID, f)
}
