package store

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Scheduling is what the escalation scheduler and the notification outbox
// need from a store (migration 0004). Unlike the rest of Store it spans
// orgs: one scheduler runs per store, not per org instance.
type Scheduling interface {
	// OpenIncidents returns up to limit unresolved incidents of every org
	// after the cursor, in (org, id) order, each with the events the timer
	// engine reads (timers.EventKinds, see OpenIncident), read from one
	// snapshot. A partial index on open incidents and events_kind serve it.
	//
	// One unreadable row does not fail the page: an incident whose details,
	// or one of whose timer events' payloads, cannot be decoded is still in
	// the page, in its place, with Err set and only Incident.OrgID and
	// Incident.ID filled in, so a caller reports it and goes on, and a
	// cursor taken from the page's last entry moves past it. The error is a
	// decode error (no connection settings); anything else (a query or scan
	// that fails) fails the whole call.
	OpenIncidents(ctx context.Context, after Cursor, limit int) ([]OpenIncident, error)
	// Commit applies e in one transaction: it checks the incident version,
	// claims e.Key (when set), writes e.Update (when set, as a
	// compare-and-swap), appends e.Events and inserts e.Outbox. A key claimed
	// before gives Fired false, no error, and stores nothing; a version that
	// moved gives ErrConflict and stores nothing; a missing incident
	// ErrNotFound.
	Commit(ctx context.Context, e Effects) (Committed, error)
	// ClaimOutbox leases up to limit pending notifications of the given orgs
	// that are due at now and not leased by anyone else (or whose lease
	// expired), to owner until now+lease. Two callers never get the same row
	// while its lease runs. Fair (see outbox.go): at most one row per (org,
	// channel), none of a channel with a live lease, most urgent first.
	ClaimOutbox(ctx context.Context, owner string, orgs []int64, now time.Time, lease time.Duration, limit int) ([]OutboxItem, error)
	// RenewOutbox extends to until the leases owner still holds on the
	// given pending rows (deliveries in flight); others are left alone.
	RenewOutbox(ctx context.Context, owner string, ids []int64, until time.Time) error
	// FinishOutbox records one delivery attempt of a row owner still leases,
	// and appends r.Event (if any) to the incident's timeline in the same
	// transaction. A row whose lease was lost gives ErrConflict and changes
	// nothing.
	FinishOutbox(ctx context.Context, id int64, owner string, r OutboxResult) error
	// PutChannelRoutes stores the non-secret part of an org's notification
	// channels (names, kinds, filters) so the scheduler can address outbox
	// rows for orgs whose plugin instance has not started in this process.
	PutChannelRoutes(ctx context.Context, orgID int64, body []byte, at time.Time) error
	// ChannelRoutes returns every org's stored routes.
	ChannelRoutes(ctx context.Context) (map[int64][]byte, error)
}

// Cursor is a position in the (org, id) order of OpenIncidents; the zero
// value is the start.
type Cursor struct {
	OrgID int64
	ID    string
}

// OpenIncident is an unresolved incident and the part of its timeline the
// timer engine reads.
type OpenIncident struct {
	Incident incident.Incident
	// Events holds only events of timers.EventKinds, in Seq order: not the
	// whole timeline (notes, alerts, deliveries are left out), which
	// timers.Compute answers alike for.
	Events []incident.Event
	// Err, when set, says why the incident could not be read (see
	// Scheduling.OpenIncidents): Incident holds only OrgID and ID, Events
	// is empty, and nothing can be computed for it.
	Err error
}

// Effects are what one firing (or one user action that notifies) writes.
type Effects struct {
	OrgID      int64
	IncidentID string
	// Key, when set, is claimed once per incident: the effects are stored
	// only by the transaction that claims it.
	Key string
	At  time.Time
	// ExpectVersion, when above 0, is the incident version the effects were
	// computed from; another version gives ErrConflict.
	ExpectVersion int64
	// Update, when set, replaces the incident (Version must equal
	// ExpectVersion) and bumps its version.
	Update *incident.Incident
	Events []NewEvent
	Outbox []NewOutbox
}

// Committed is what a Commit stored: whether it fired, and the timeline
// events as numbered.
type Committed struct {
	Fired  bool
	Events []incident.Event
}
