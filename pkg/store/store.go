// Package store defines the one persistence interface of Warroom. One
// implementation (package sqlstore) runs on two engines, SQLite and
// PostgreSQL (packages sqlite and postgres open them; package stores picks
// one for a Config), and the contract suite in package storetest runs on
// both.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Sentinel errors every implementation returns, so callers can map them to
// HTTP statuses without knowing the backend.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("version conflict")
	// ErrDuplicateKey means another incident of the org holds the dedup key.
	ErrDuplicateKey = errors.New("dedup key already held")
)

// NewIncident is what a declare stores. The store assigns ID (from the
// per-org, per-day counter), Version (1), CreatedAt/UpdatedAt (= At).
type NewIncident struct {
	Title    string
	Severity incident.Severity
	Status   incident.Status
	Services []string
	Summary  string
	Details  incident.Details
	Author   string
	At       time.Time
	// Key, when set, is a dedup key (e.g. an alert group key) the incident
	// holds until released: a second create with a held key fails with
	// ErrDuplicateKey and stores nothing.
	Key string
}

// NewEvent is a timeline entry to append; the store assigns Seq.
type NewEvent struct {
	Kind    incident.EventKind
	Author  string
	At      time.Time
	Payload map[string]any
}

// Filter selects incidents for a list. Zero values mean "any".
type Filter struct {
	Statuses   []incident.Status
	Severities []incident.Severity
	Service    string
	From, To   time.Time // on CreatedAt; To is exclusive
	// Sort orders by one field, then by id; severity then by age (created).
	// Desc reverses the whole order: severity ascending is P1 first, oldest
	// first within a level.
	Sort   SortField
	Desc   bool
	Limit  int // 1..500; 0 means 50
	Offset int
	// WithoutPostmortem leaves details.postmortem (up to 64 KiB) out of the
	// rows the store reads, for lists that do not show it.
	WithoutPostmortem bool
	// TimersAt, when set, fills Page.Timers for the items whose stored
	// timers (Scheduling.SaveProjections) hold at that time.
	TimersAt time.Time
}

// SortField is a column a list may be ordered by.
type SortField string

const (
	SortCreated  SortField = "created"
	SortUpdated  SortField = "updated"
	SortSeverity SortField = "severity"
)

// Page is one page of a list plus the total count matching the filter.
type Page struct {
	Items []incident.Incident
	Total int
	// Timers are the timers the scheduler stored for some items, by id:
	// the JSON of timers.Summary (Projection.Timers), only where it still
	// holds at the time asked (the projection's next due time is later).
	// The caller computes the timers of the other items.
	Timers map[string][]byte
}

// PolicyRecord is one saved version of an org's severity policy. The store
// keeps the JSON document opaque; package policy gives it meaning.
type PolicyRecord struct {
	Version   int
	Body      []byte
	CreatedBy string
	CreatedAt time.Time
}

// Store persists incidents and their timelines. Every method is scoped to one
// org: a row of another org is never read or changed.
type Store interface {
	// CreateIncident allocates the next INC-YYYY-MM-DD-NNN id of the org for
	// n.At's UTC day (gap-free, unique under concurrency), stores the incident
	// and the given events (typically "declared") in one transaction.
	CreateIncident(ctx context.Context, orgID int64, n NewIncident, events []NewEvent) (incident.Incident, error)
	// GetIncident returns ErrNotFound when the id does not exist in the org.
	GetIncident(ctx context.Context, orgID int64, id string) (incident.Incident, error)
	ListIncidents(ctx context.Context, orgID int64, f Filter) (Page, error)
	// UrgentIncidents is the timers panel's page, ordered from the stored
	// timers as board.SortByUrgency orders computed ones: breached (a
	// running timer due at or before Now), warning, ok, none running; then
	// severity, P1 first; then the soonest running due time; then id. The
	// incidents whose stored timers do not hold at Now (never computed,
	// written since, or due) come first, all of them, without Timers: the
	// caller computes and merges them; then at most Limit of the others,
	// with Timers. Total counts every match.
	UrgentIncidents(ctx context.Context, orgID int64, q UrgentQuery) (Page, error)
	// UpdateIncident writes inc if the stored version equals inc.Version,
	// storing it with Version+1 and appending events in the same transaction.
	// A different stored version gives ErrConflict; a missing one ErrNotFound.
	UpdateIncident(ctx context.Context, inc incident.Incident, events []NewEvent) (incident.Incident, error)
	// AppendEvents adds timeline entries without changing the incident.
	AppendEvents(ctx context.Context, orgID int64, incidentID string, events []NewEvent) ([]incident.Event, error)
	// ListEvents returns the timeline in Seq order, after afterSeq (0 = all).
	// Hot paths read through Timelines instead: a timeline has no bound.
	ListEvents(ctx context.Context, orgID int64, incidentID string, afterSeq int64) ([]incident.Event, error)
	// Timelines reads many incidents' events at once, or one page (timelines.go).
	Timelines
	// Ranges reads what a time range shows, for the data source (during.go).
	Ranges
	// Insights reads the stored insights records (insights.go).
	Insights
	// LatestPolicy returns the org's newest saved policy, ErrNotFound if it
	// never saved one (callers then use the default policy as version 1).
	LatestPolicy(ctx context.Context, orgID int64) (PolicyRecord, error)
	// PolicyVersion returns one saved version, ErrNotFound if absent.
	PolicyVersion(ctx context.Context, orgID int64, version int) (PolicyRecord, error)
	// SavePolicy stores body as version expected+1 if the org's latest version
	// is expected (1 when none is saved), else ErrConflict. Versions are never
	// overwritten: incidents keep pointing at the one they ran under.
	SavePolicy(ctx context.Context, orgID int64, expected int, body []byte, author string, at time.Time) (PolicyRecord, error)
	// IncidentByKey returns the incident holding a dedup key, ErrNotFound if
	// none does.
	IncidentByKey(ctx context.Context, orgID int64, key string) (incident.Incident, error)
	// ReleaseKey frees a dedup key if incidentID still holds it (so a release
	// racing a new holder frees nothing); releasing a free key is no error.
	ReleaseKey(ctx context.Context, orgID int64, key, incidentID string) error
	// DiagnosticRuns keeps diagnostics runs and their findings (diagnostics.go).
	DiagnosticRuns
	// Scheduling is the cross-org part used by the scheduler and the outbox.
	Scheduling
	// Snapshots keeps org settings snapshots for the start of the process.
	Snapshots
	// OnCall keeps on-call schedules, contact methods and feeds (oncall.go).
	OnCall
	// Attaching appends timeline entries decided under the incident's lock
	// (attach.go).
	Attaching
	// Changes announces every write of an incident to the live stream
	// (changes.go).
	Changes
	// Ping reports whether the store can serve requests.
	Ping(ctx context.Context) error
	Close() error
}
