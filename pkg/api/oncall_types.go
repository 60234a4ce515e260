package api

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// ScheduleSummary is one schedule in a list, with who is on call.
type ScheduleSummary struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	TimeZone string `json:"timeZone"`
	Version  int    `json:"version"`
	// Now is the shift on at the time asked (nil: nobody); Next the next
	// shift of someone else within 90 days.
	Now  *schedule.Shift `json:"now"`
	Next *schedule.Shift `json:"next"`
}

// ScheduleList answers GET /oncall/schedules and GET /oncall/now.
type ScheduleList struct {
	At        time.Time         `json:"at"`
	Schedules []ScheduleSummary `json:"schedules"`
}

// ScheduleView answers GET /oncall/schedules/{id}: the document, who is on
// call, and the final shifts of the range asked (default: 14 days from now).
type ScheduleView struct {
	Schedule  schedule.Schedule `json:"schedule"`
	Version   int               `json:"version"`
	UpdatedBy string            `json:"updatedBy"`
	UpdatedAt time.Time         `json:"updatedAt"`
	Now       *schedule.Shift   `json:"now"`
	Next      *schedule.Shift   `json:"next"`
	From      time.Time         `json:"from"`
	To        time.Time         `json:"to"`
	Shifts    []schedule.Shift  `json:"shifts"`
}

// ScheduleRequest creates (Version 0) or replaces (the version replaced) a
// schedule.
type ScheduleRequest struct {
	Schedule schedule.Schedule `json:"schedule"`
	Version  int               `json:"version"`
}

// ImportRequest adds an iCalendar feed's shifts as a layer of fixed shifts.
// Users maps a feed's attendee (email) or summary to a Grafana login; an
// attendee that is already a login of the org needs no entry.
type ImportRequest struct {
	Calendar  string            `json:"calendar"`
	LayerName string            `json:"layerName"`
	Users     map[string]string `json:"users" tstype:"Record<string, string> | null"`
	// DryRun answers what the import would add without saving.
	DryRun  bool `json:"dryRun"`
	Version int  `json:"version"`
}

// ImportResult is what an import added (or would add).
type ImportResult struct {
	Shifts   []schedule.Shift `json:"shifts"`
	Warnings []string         `json:"warnings"`
	// Unmapped are the feed's people with no login: their shifts are left
	// out until Users names them.
	Unmapped []string      `json:"unmapped"`
	Schedule *ScheduleView `json:"schedule,omitempty"`
}

// TargetView is one tier target with whom it reaches now.
type TargetView struct {
	Target  policy.Target `json:"target"`
	Label   string        `json:"label"`
	People  []string      `json:"people"`
	Problem string        `json:"problem,omitempty"`
	// Next is a schedule target's next shift of someone else (nil for
	// other kinds, or nobody within 90 days).
	Next *schedule.Shift `json:"next,omitempty"`
}

// TierView is one tier of the incident's level as paging sees it.
type TierView struct {
	Index   int             `json:"index"`
	After   policy.Duration `json:"after"`
	Who     string          `json:"who"`
	Reached bool            `json:"reached"`
	Targets []TargetView    `json:"targets"`
}

// IncidentOnCall answers GET /incidents/{id}/oncall: who the incident's
// tiers reach now, and whether an acknowledgement stopped them.
type IncidentOnCall struct {
	Severity     incident.Severity  `json:"severity"`
	Acknowledged *incident.StepMark `json:"acknowledged"`
	Tiers        []TierView         `json:"tiers"`
}

// ContactMethodView is a contact method without its secret.
type ContactMethodView struct {
	ID       string `json:"id"`
	Login    string `json:"login"`
	Kind     string `json:"kind" tstype:"'email' | 'ntfy' | 'gotify' | 'webhook' | 'slack'"`
	Address  string `json:"address,omitempty"` // email
	UserID   string `json:"userId,omitempty"`  // Slack member id
	Position int    `json:"position"`
	// HasSecret says a URL or token is stored (never returned).
	HasSecret bool      `json:"hasSecret"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// ContactMethodList answers GET /oncall/contact-methods.
type ContactMethodList struct {
	Login   string              `json:"login"`
	Methods []ContactMethodView `json:"methods"`
}

// ContactMethodRequest creates or replaces one method. URL and Token are
// write-only; left empty on a replace, the stored ones are kept.
type ContactMethodRequest struct {
	Kind     string `json:"kind" tstype:"'email' | 'ntfy' | 'gotify' | 'webhook' | 'slack'"`
	Address  string `json:"address,omitempty"`
	URL      string `json:"url,omitempty"`
	Token    string `json:"token,omitempty"`
	UserID   string `json:"userId,omitempty"`
	Position int    `json:"position"`
}

// TestPageResult is the outcome of a test page.
type TestPageResult struct {
	Delivered bool   `json:"delivered"`
	Error     string `json:"error,omitempty"`
}

// FeedView is a calendar feed without its token.
type FeedView struct {
	ID          int64      `json:"id"`
	SubjectKind string     `json:"subjectKind" tstype:"'schedule' | 'user'"`
	SubjectID   string     `json:"subjectId"`
	CreatedBy   string     `json:"createdBy"`
	CreatedAt   time.Time  `json:"createdAt"`
	RevokedAt   *time.Time `json:"revokedAt"`
}

// FeedList answers GET /oncall/feeds.
type FeedList struct {
	Feeds []FeedView `json:"feeds"`
}

// FeedRequest asks for a feed of a schedule, or of the caller's own shifts.
type FeedRequest struct {
	SubjectKind string `json:"subjectKind" tstype:"'schedule' | 'user'"`
	SubjectID   string `json:"subjectId"`
}

// FeedCreated carries the feed's URL, shown this once: only its hash is kept.
type FeedCreated struct {
	Feed FeedView `json:"feed"`
	// Path is the feed's resource path; the browser prefixes Grafana's URL.
	Path string `json:"path"`
}

// Person is a Grafana user of the org, for pickers.
type Person struct {
	Login string `json:"login"`
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// PeopleList answers GET /oncall/people. Source says where the list comes
// from: "grafana" (the org's users, through the app's service account) or
// "warroom" (people who have used Warroom: Grafana gives this back end no
// user API).
type PeopleList struct {
	Source string   `json:"source" tstype:"'grafana' | 'warroom'"`
	People []Person `json:"people"`
}

// Team is a Grafana team of the org, for tier targets.
type Team struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	MemberCount int    `json:"memberCount"`
}

// TeamList answers GET /oncall/teams; Available is false when Grafana gives
// this back end no team API (team targets then cannot be chosen).
type TeamList struct {
	Available bool   `json:"available"`
	Teams     []Team `json:"teams"`
}

// AckInfo answers GET /ack: what a link acknowledges, before the person
// confirms.
type AckInfo struct {
	IncidentID   string             `json:"incidentId"`
	Title        string             `json:"title"`
	Severity     incident.Severity  `json:"severity"`
	Status       incident.Status    `json:"status"`
	Login        string             `json:"login"`
	Via          string             `json:"via"`
	ExpiresAt    time.Time          `json:"expiresAt"`
	Acknowledged *incident.StepMark `json:"acknowledged"`
}

// AckRequest confirms an acknowledgement through a link.
type AckRequest struct {
	Token string `json:"token"`
}
