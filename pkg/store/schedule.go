package store

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
)

// Scheduling is what the escalation scheduler and the notification outbox
// need from a store (migration 0004). Unlike the rest of Store it spans
// orgs: one scheduler runs per store, not per org instance.
type Scheduling interface {
	// DueIncidents returns up to limit incidents of every org after the
	// cursor, in (org, id) order, whose timers are due at now: never
	// computed or written since (next due time NULL, "dirty"), or due at or
	// before now. Open incidents, and resolved ones too: their post-mortem
	// timer runs (migration 0013). Each comes with the events the projection
	// reads (ProjectionKinds, see DueIncident) and its projection
	// epoch, read from one snapshot. An index on the due time and a partial
	// one on dirty incidents serve it: with nothing due it reads two empty
	// index ranges.
	//
	// One unreadable row does not fail the page: an incident whose details,
	// or one of whose timer events' payloads, cannot be decoded is still in
	// the page, in its place, with Err set and only Incident.OrgID and
	// Incident.ID filled in, so a caller reports it and goes on, and a
	// cursor taken from the page's last entry moves past it. The error is a
	// decode error (no connection settings); anything else (a query or scan
	// that fails) fails the whole call.
	DueIncidents(ctx context.Context, now time.Time, after Cursor, limit int) ([]DueIncident, error)
	// SaveProjections stores what the scheduler computed for incidents it
	// read with DueIncidents, timers and insights record, in one
	// transaction. A row whose epoch moved since (a write in between) is
	// left dirty for the next tick, its record unchanged. Nothing a user
	// sees changes: not the version, not the marks Changes announces.
	SaveProjections(ctx context.Context, ps []Projection) error
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

// Cursor is a position in the (org, id) order of DueIncidents; the zero
// value is the start.
type Cursor struct {
	OrgID int64
	ID    string
}

// DueIncident is an incident whose timers are due and the part of its
// timeline the timer engine reads.
type DueIncident struct {
	Incident incident.Incident
	// Events holds only events of ProjectionKinds, in Seq order: not the
	// whole timeline (notes, alerts, deliveries are left out), which
	// timers.Compute and insights.Derive answer alike for.
	Events []incident.Event
	// Epoch is the incident's projection epoch as read: SaveProjections
	// stores a projection only while it is unchanged.
	Epoch int64
	// Err, when set, says why the incident could not be read (see
	// Scheduling.DueIncidents): Incident holds only OrgID and ID, Events
	// is empty, and nothing can be computed for it.
	Err error
}

// NeverDue is the next due time stored for an incident whose timers will
// not change without new facts: far in the future rather than NULL, which
// means "not computed".
var NeverDue = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)

// Projection is one incident's timers as the scheduler computed them
// (columns of migration 0010) and its insights record (migration 0015,
// judged by those timers). It holds as of the computation until
// NextDue: no timer changes state before then without a write, and every
// write makes the row dirty again.
type Projection struct {
	OrgID      int64
	IncidentID string
	// Epoch is DueIncident.Epoch of the read it was computed from.
	Epoch int64
	// NextDue is timers.Output.NextChange; nil is stored as NeverDue.
	NextDue *time.Time
	// SoonestDue is the earliest due time of a running timer (ok, warning
	// or breached); nil when none runs.
	SoonestDue *time.Time
	// WarnAt is the earliest moment a running timer is, or will be, in
	// warning or breached; at or before now means one is. nil when none runs.
	WarnAt *time.Time
	// Timers is the JSON of timers.Summary (timers, currentTier,
	// nextChange), as GET /timers returns them for the incident.
	Timers []byte
	// Insights is insights.Derive of the same read and timers. Its keys
	// are not read: the row is the incident's (OrgID, IncidentID). At most
	// MaxOpenDue open due dates are kept.
	Insights insights.Record
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
