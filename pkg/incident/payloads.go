package incident

import (
	"encoding/json"
	"time"
)

// Payloads of the timeline events, one struct per EventKind. Field names and
// types are what the store holds: rows written before these structs existed
// decode into them, and encoding one gives the same JSON. A field that some
// writers leave out is omitempty. The TypeScript types are generated from
// these (internal/cmd/apigen); `tstype` names the TypeScript type of a field
// whose Go type lives in a package this one cannot import.

// DeclaredPayload records a declaration, with the metric suggestion the
// declarer saw (evidence) when there was one.
type DeclaredPayload struct {
	Severity  Severity `json:"severity"`
	Services  []string `json:"services"`
	Title     string   `json:"title"`
	Suggested Severity `json:"suggested,omitempty"`
	Evidence  []string `json:"evidence,omitempty"`
}

// NotePayload is a free-text entry.
type NotePayload struct {
	Text string `json:"text"`
}

// StatusChangedPayload records a status change; reopened uses it too.
type StatusChangedPayload struct {
	From   Status `json:"from"`
	To     Status `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// SeverityChangedPayload records a severity change.
type SeverityChangedPayload struct {
	From   Severity `json:"from"`
	To     Severity `json:"to"`
	Reason string   `json:"reason,omitempty"`
}

// TitleChangedPayload records a new title.
type TitleChangedPayload struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// StepCompletedPayload records a response step marked done.
type StepCompletedPayload struct {
	Step   StepName `json:"step"`
	Reason string   `json:"reason,omitempty"`
}

// ChecklistPayload records a checklist item ticked or unticked.
type ChecklistPayload struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Done   bool   `json:"done"`
	Reason string `json:"reason,omitempty"`
}

// RolesChangedPayload records the roles replaced.
type RolesChangedPayload struct {
	From   Roles  `json:"from"`
	To     Roles  `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// ReportsChangedPayload records a new count of customer reports.
type ReportsChangedPayload struct {
	From   int    `json:"from"`
	To     int    `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// FlagsChangedPayload records the flags replaced.
type FlagsChangedPayload struct {
	From   Flags  `json:"from"`
	To     Flags  `json:"to"`
	Reason string `json:"reason,omitempty"`
}

// StatusUpdatePayload is a communication as posted, with the notification
// channels it was also sent through.
type StatusUpdatePayload struct {
	TemplateID string   `json:"templateId"`
	Subject    string   `json:"subject"`
	Body       string   `json:"body"`
	Channels   []string `json:"channels,omitempty"`
}

// PostmortemPayload records a saved post-mortem.
type PostmortemPayload struct {
	ActionItems int   `json:"actionItems"`
	Version     int64 `json:"version"`
}

// AlertPayload is one alert of a Grafana notification (alert_firing and
// alert_resolved), or the summary of the alerts past the per-incident limit
// (NotRecorded > 0, no fingerprint). The webhook writes labels on every
// alert, {} when it has none; encoded from this struct, none are left out.
type AlertPayload struct {
	Fingerprint string             `json:"fingerprint,omitempty"`
	StartsAt    string             `json:"startsAt,omitempty"`
	EndsAt      string             `json:"endsAt,omitempty"`
	AlertName   string             `json:"alertname"`
	Summary     string             `json:"summary"`
	Labels      map[string]string  `json:"labels,omitempty"`
	Values      map[string]float64 `json:"values,omitempty"`
	NotRecorded int                `json:"notRecorded,omitempty"`
}

// SeveritySuggestedPayload is a metric re-evaluation that suggests another
// severity; Suggested is "" when the metrics recovered (Direction says so).
type SeveritySuggestedPayload struct {
	Current   Severity `json:"current"`
	Suggested Severity `json:"suggested"`
	Direction string   `json:"direction" tstype:"'recovered' | 'match' | 'upgrade' | 'downgrade'"`
	Reasons   []string `json:"reasons"`
	Rules     []string `json:"rules"`
	Applied   bool     `json:"applied"`
	Rule      string   `json:"rule,omitempty"`
	// Onset is the earliest sustained breach the re-evaluation saw; one
	// before the incident's impact start proposes a correction (insights).
	Onset *time.Time `json:"onset,omitempty"`
}

// DiagnosticsRunPayload is a finished diagnostics run as a Viewer sees it.
// Findings and suggestions are pkg/diagnostics and pkg/api types, kept as
// JSON here so the domain does not depend on them.
type DiagnosticsRunPayload struct {
	RunID       string          `json:"runId"`
	Status      string          `json:"status" tstype:"DiagnosticStatus"`
	Counts      map[string]int  `json:"counts" tstype:"Partial<Record<DiagnosticStatus, number>>"`
	Total       int             `json:"total"`
	Findings    json.RawMessage `json:"findings" tstype:"DiagnosticFinding[]"`
	Suggestions json.RawMessage `json:"suggestions" tstype:"SuggestedRunbook[]"`
	TookMs      int64           `json:"tookMs"`
}

// RemediationRunPayload is an executed (or failed) remediation: the
// outcome the admin saw (pkg/api RemediationOutcome).
type RemediationRunPayload struct {
	OK       bool            `json:"ok"`
	Result   json.RawMessage `json:"result" tstype:"RemediationResult"`
	Error    string          `json:"error,omitempty"`
	Resource string          `json:"resource"`
}

// ImpactChangedPayload records the impact start set by a person: From is
// the start before (the declaration when none was recorded).
type ImpactChangedPayload struct {
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
	Reason string    `json:"reason,omitempty"`
}

// EscalationPayload is an escalation rule or tier that fired (pkg/scheduler).
// Rule, From, To and Applied are set for a rule, Who for a tier.
type EscalationPayload struct {
	Key      string    `json:"key"`
	Firing   string    `json:"firing" tstype:"'escalation_rule' | 'tier'"`
	DueAt    time.Time `json:"dueAt"`
	Severity Severity  `json:"severity"`
	Rule     string    `json:"rule,omitempty"`
	From     Severity  `json:"from,omitempty"`
	To       Severity  `json:"to,omitempty"`
	Applied  *bool     `json:"applied,omitempty"`
	Who      string    `json:"who,omitempty"`
	Channels []string  `json:"channels"`
	Text     string    `json:"text"`
	// Paged are the people a tier with targets paged, each through their
	// contact methods (each delivery is its own notification event);
	// Unreached says which targets reached nobody, and why.
	Paged     []PagedRecipient `json:"paged,omitempty"`
	Unreached []string         `json:"unreached,omitempty"`
}

// PagedRecipient is one person a tier paged.
type PagedRecipient struct {
	Login string `json:"login"`
	// Via lists the contact method kinds the page went out by.
	Via []string `json:"via"`
	// Through names the target that reached them ("schedule primary").
	Through string `json:"through"`
}

// UpdateDuePayload is an overdue stakeholder update; Missed counts the
// periods owed together when more than one.
type UpdateDuePayload struct {
	Key      string    `json:"key"`
	Firing   string    `json:"firing" tstype:"'update_reminder'"`
	DueAt    time.Time `json:"dueAt"`
	Severity Severity  `json:"severity"`
	Channels []string  `json:"channels"`
	Text     string    `json:"text"`
	Missed   int       `json:"missed,omitempty"`
}

// NotificationDeliveredPayload records a delivered notification.
type NotificationDeliveredPayload struct {
	Channel    string `json:"channel"`
	Kind       string `json:"kind" tstype:"'escalation' | 'update_reminder' | 'status_update' | 'page'"`
	DeliveryID string `json:"deliveryId"`
	Attempts   int    `json:"attempts"`
	Status     int    `json:"status"`
	// Recipient and Via are set for a page: who, by which contact method
	// kind ("email").
	Recipient string `json:"recipient,omitempty"`
	Via       string `json:"via,omitempty"`
}

// NotificationFailedPayload records a notification given up.
type NotificationFailedPayload struct {
	Channel    string `json:"channel"`
	DeliveryID string `json:"deliveryId"`
	Attempts   int    `json:"attempts"`
	Error      string `json:"error"`
	Recipient  string `json:"recipient,omitempty"`
	Via        string `json:"via,omitempty"`
}

// EventPayloads pairs every event kind with its payload struct, in the
// order of the EventKind constants; the generator and the tests read it.
var EventPayloads = []struct {
	Kind    EventKind
	Payload any
}{
	{EventDeclared, DeclaredPayload{}},
	{EventNote, NotePayload{}},
	{EventStatusChanged, StatusChangedPayload{}},
	{EventSeverityChanged, SeverityChangedPayload{}},
	{EventTitleChanged, TitleChangedPayload{}},
	{EventReopened, StatusChangedPayload{}},
	{EventStepCompleted, StepCompletedPayload{}},
	{EventChecklist, ChecklistPayload{}},
	{EventRolesChanged, RolesChangedPayload{}},
	{EventReportsChanged, ReportsChangedPayload{}},
	{EventFlagsChanged, FlagsChangedPayload{}},
	{EventStatusUpdate, StatusUpdatePayload{}},
	{EventPostmortem, PostmortemPayload{}},
	{EventAlertFiring, AlertPayload{}},
	{EventAlertResolved, AlertPayload{}},
	{EventSeveritySuggested, SeveritySuggestedPayload{}},
	{EventEscalation, EscalationPayload{}},
	{EventUpdateDue, UpdateDuePayload{}},
	{EventNotificationDelivered, NotificationDeliveredPayload{}},
	{EventNotificationFailed, NotificationFailedPayload{}},
	{EventDiagnosticsRun, DiagnosticsRunPayload{}},
	{EventRemediationRun, RemediationRunPayload{}},
	{EventImpactChanged, ImpactChangedPayload{}},
}
