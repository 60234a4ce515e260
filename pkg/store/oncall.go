package store

import (
	"context"
	"time"
)

// ScheduleRecord is one on-call schedule of an org. The store keeps the
// document opaque (package oncall/schedule gives it meaning), like policies.
type ScheduleRecord struct {
	ID   string // slug, unique in the org
	Name string
	Body []byte // JSON of schedule.Schedule
	// Version starts at 1 and grows by one on each save; a save names the
	// version it replaces (optimistic concurrency, as incidents).
	Version   int
	UpdatedBy string
	UpdatedAt time.Time
}

// ContactMethod is one way to reach a person (a Grafana login of the org).
type ContactMethod struct {
	ID    string // unique per (org, login); slug
	Login string
	// Kind is "email", "ntfy", "gotify", "webhook" or "slack".
	Kind string
	// Config is the non-secret part as JSON (an email address, a Slack
	// member id); returned to the browser.
	Config []byte
	// Sealed is the secret part (a topic URL with its token, an app token)
	// sealed by the caller (pkg/seal); the store never sees it in clear and
	// the API never returns it. Nil when the method has none.
	Sealed []byte
	// Position orders a person's methods: all are paged, in this order.
	Position  int
	UpdatedAt time.Time
}

// CalendarFeed is a secret, revocable iCalendar URL. Only the token's
// SHA-256 is stored: the URL is shown once, when it is created.
type CalendarFeed struct {
	ID        int64
	OrgID     int64
	TokenHash []byte
	// Subject is what the feed exports: "schedule" with a schedule id, or
	// "user" with a login (that person's shifts across every schedule).
	SubjectKind string
	SubjectID   string
	CreatedBy   string
	CreatedAt   time.Time
	RevokedAt   *time.Time
}

// OnCall keeps schedules, contact methods, calendar feeds and the key that
// signs acknowledge links. Every method is scoped to one org, except
// FeedByToken, whose token is the authority (a calendar app has no Grafana
// user).
type OnCall interface {
	// Schedules lists the org's schedules in id order (at most 200).
	Schedules(ctx context.Context, orgID int64) ([]ScheduleRecord, error)
	// Schedule returns one, ErrNotFound if absent.
	Schedule(ctx context.Context, orgID int64, id string) (ScheduleRecord, error)
	// SaveSchedule stores rec as version expected+1: expected 0 creates (an
	// existing id gives ErrConflict), otherwise the stored version must equal
	// expected (ErrConflict if not, ErrNotFound if absent).
	SaveSchedule(ctx context.Context, orgID int64, rec ScheduleRecord, expected int) (ScheduleRecord, error)
	// DeleteSchedule removes it if the stored version is expected.
	DeleteSchedule(ctx context.Context, orgID int64, id string, expected int) error

	// ContactMethods returns the methods of the given logins (every login of
	// the org when logins is empty), by login then Position then id.
	ContactMethods(ctx context.Context, orgID int64, logins []string) ([]ContactMethod, error)
	// PutContactMethod inserts or replaces (org, login, id); at most 10 per
	// login (ErrConflict beyond).
	PutContactMethod(ctx context.Context, orgID int64, m ContactMethod) (ContactMethod, error)
	// DeleteContactMethod removes one; ErrNotFound if absent.
	DeleteContactMethod(ctx context.Context, orgID int64, login, id string) error

	// CreateFeed stores a feed and returns it with its ID.
	CreateFeed(ctx context.Context, f CalendarFeed) (CalendarFeed, error)
	// Feeds lists the org's feeds, revoked ones included, newest first, at
	// most MaxFeedsListed.
	Feeds(ctx context.Context, orgID int64) ([]CalendarFeed, error)
	// FeedByToken finds a feed of any org by its token hash, ErrNotFound if
	// none (revoked ones are returned: the caller refuses them).
	FeedByToken(ctx context.Context, tokenHash []byte) (CalendarFeed, error)
	// RevokeFeed marks the feed revoked at at; ErrNotFound if absent.
	RevokeFeed(ctx context.Context, orgID int64, id int64, at time.Time) error

	// SigningKey returns the org's key for acknowledge links, creating a
	// random 32-byte key on first use; every back end of the org gets the
	// same key (the first insert wins).
	SigningKey(ctx context.Context, orgID int64) ([]byte, error)
}

// The bounds of what OnCall stores (migration 0014 checks the same): a save
// beyond one is refused with an error naming the field, and stores nothing.
const (
	MaxSchedules      = 200       // schedules per org (a create beyond: ErrConflict)
	MaxScheduleBody   = 256 << 10 // bytes of ScheduleRecord.Body
	MaxOnCallText     = 200       // characters of an id, name, login or author
	MaxContactKind    = 32        // characters of ContactMethod.Kind
	MaxContactConfig  = 4 << 10   // bytes of ContactMethod.Config
	MaxContactSealed  = 4 << 10   // bytes of ContactMethod.Sealed
	MaxContactMethods = 10        // methods per login (a new one beyond: ErrConflict)
	MaxContactLogins  = 500       // logins one ContactMethods call may name
	MaxFeedsListed    = 1000      // feeds Feeds returns, newest first (revoked ones too)
)
