// Package incident holds the incident domain: the model, its vocabulary and
// the pure rules that decide what a change does. It performs no I/O.
package incident

import (
	"encoding/json"
	"fmt"
	"time"
)

// Severity levels follow the runbooks: P1 is a full outage, P4 is cosmetic.
type Severity string

const (
	P1 Severity = "P1"
	P2 Severity = "P2"
	P3 Severity = "P3"
	P4 Severity = "P4"
)

// Severities lists every level, most severe first.
var Severities = []Severity{P1, P2, P3, P4}

// Valid reports whether s is one of the known levels.
func (s Severity) Valid() bool {
	for _, v := range Severities {
		if s == v {
			return true
		}
	}
	return false
}

// Status is the lifecycle position of an incident (seed 000/001).
type Status string

const (
	Investigating Status = "investigating"
	Identified    Status = "identified"
	Monitoring    Status = "monitoring"
	Resolved      Status = "resolved"
)

// Statuses lists the lifecycle in order.
var Statuses = []Status{Investigating, Identified, Monitoring, Resolved}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Incident is one incident of one org. Version increases by one on every
// accepted change and is the optimistic-concurrency token.
type Incident struct {
	OrgID      int64      `json:"orgId"`
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	Severity   Severity   `json:"severity"`
	Status     Status     `json:"status"`
	Services   []string   `json:"services"`
	Summary    string     `json:"summary"`
	CreatedBy  string     `json:"createdBy"`
	CreatedAt  time.Time  `json:"createdAt"`
	UpdatedAt  time.Time  `json:"updatedAt"`
	ResolvedAt *time.Time `json:"resolvedAt,omitempty"`
	Version    int64      `json:"version"`
	// Details carries the parts of an incident that are not filtered on
	// (steps, roles, checklist, links, flags). Stored as one JSON document so
	// the schema does not churn as the domain grows.
	Details Details `json:"details"`
}

// Details is the free-structured part of an incident.
type Details struct {
	Links           Links                 `json:"links"`
	Labels          map[string]string     `json:"labels,omitempty"`
	PolicyVersion   int                   `json:"policyVersion,omitempty"`
	Steps           map[StepName]StepMark `json:"steps"`
	Checklist       []ChecklistItem       `json:"checklist"`
	Roles           Roles                 `json:"roles"`
	CustomerReports int                   `json:"customerReports"`
	Flags           Flags                 `json:"flags"`
	// MetricSuggestion is the last severity the metric re-evaluation
	// recorded ("match" when the metrics justify the current one, "ok" when
	// nothing breaches), so a suggestion is recorded once, not every minute.
	MetricSuggestion string `json:"metricSuggestion,omitempty"`
	// Postmortem is the post-mortem document (package postmortem), kept
	// opaque here so this package does not depend on it.
	Postmortem json.RawMessage `json:"postmortem,omitempty" tstype:"PostmortemDoc"`
	// PostmortemVersion is the post-mortem's own version (package
	// postmortem, VersionOf), so other changes to the incident do not make
	// an open post-mortem draft stale.
	PostmortemVersion int64 `json:"postmortemVersion,omitempty"`
	// Impact is when users started to feel it (package insights); nil on
	// incidents declared before it was recorded: they started when declared.
	Impact *Impact `json:"impact,omitempty"`
}

// Impact is an incident's impact start, what grounds it, and when the
// problem was detected.
type Impact struct {
	Start time.Time `json:"start"`
	// From is "metrics" (the onset of the declare's evidence), "alert" (the
	// startsAt of the alert that opened it), "declared" or "edited".
	From string `json:"from" tstype:"'metrics' | 'alert' | 'declared' | 'edited'"`
	// Detected is when a signal first said so (the opening alert's
	// startsAt); nil: at the declaration.
	Detected *time.Time `json:"detected,omitempty"`
	// Proposed is an earlier start a metric re-evaluation saw (ProposeImpact):
	// offered on the incident page, not applied; an edit of the start, which
	// decides, drops it.
	Proposed *time.Time `json:"proposed,omitempty"`
}

// ImpactStarted is when inc's impact started: as recorded, else its declaration.
func (inc Incident) ImpactStarted() time.Time {
	if im := inc.Details.Impact; im != nil {
		return im.Start
	}
	return inc.CreatedAt
}

// ProposeImpact offers onset as a correction of inc's impact start when it
// is earlier than the start and than any correction already offered.
func ProposeImpact(inc Incident, onset time.Time) Incident {
	start := inc.ImpactStarted()
	im := inc.Details.Impact
	if !onset.Before(start) || (im != nil && im.Proposed != nil && !onset.Before(*im.Proposed)) {
		return inc
	}
	next := Impact{Start: start, From: "declared"}
	if im != nil {
		next = *im
	}
	onset = onset.UTC()
	next.Proposed = &onset
	inc.Details.Impact = &next
	return inc
}

// StepName is one response step of seed 000.
type StepName string

// Steps are the response steps in the order the runbook takes them.
var Steps = []StepName{"acknowledge", "assess", "communicate", "mitigate", "resolve", "postmortem"}

// StepMark records who completed a step and when.
type StepMark struct {
	At time.Time `json:"at"`
	By string    `json:"by"`
}

// ChecklistItem is one line of the initial response checklist (seed 001).
type ChecklistItem struct {
	ID   string     `json:"id"`
	Text string     `json:"text"`
	Done bool       `json:"done"`
	At   *time.Time `json:"at,omitempty"`
	By   string     `json:"by,omitempty"`
}

// Roles are the people running the incident.
type Roles struct {
	Commander      string   `json:"commander,omitempty"`
	Communications string   `json:"communications,omitempty"`
	Responders     []string `json:"responders"`
}

// Flags are the facts that escalate by themselves (seed 000: P2→P1).
type Flags struct {
	DataIntegrityAtRisk bool `json:"dataIntegrityAtRisk"`
	SecurityBreach      bool `json:"securityBreach"`
}

// DefaultChecklist is the runbook's initial response checklist.
func DefaultChecklist() []ChecklistItem {
	return []ChecklistItem{
		{ID: "acknowledge", Text: "Acknowledge incident (within SLA)"},
		{ID: "ticket", Text: "Create incident ticket"},
		{ID: "channel", Text: "Join/create incident channel"},
		{ID: "severity", Text: "Identify severity level"},
		{ID: "log", Text: "Begin incident log"},
		{ID: "stakeholders", Text: "Notify stakeholders if P1/P2"},
	}
}

// Normalize fills nil collections so clients always see arrays and objects.
func (d Details) Normalize() Details {
	if d.Steps == nil {
		d.Steps = map[StepName]StepMark{}
	}
	if d.Checklist == nil {
		d.Checklist = []ChecklistItem{}
	}
	if d.Roles.Responders == nil {
		d.Roles.Responders = []string{}
	}
	return d
}

// Links record where an incident came from, so its timeline can go back there.
type Links struct {
	DashboardUID string `json:"dashboardUid,omitempty"`
	PanelID      int64  `json:"panelId,omitempty"`
	AlertRuleUID string `json:"alertRuleUid,omitempty"`
}

// EventKind names what happened on a timeline.
type EventKind string

const (
	EventDeclared        EventKind = "declared"
	EventNote            EventKind = "note"
	EventStatusChanged   EventKind = "status_changed"
	EventSeverityChanged EventKind = "severity_changed"
	EventTitleChanged    EventKind = "title_changed"
	EventReopened        EventKind = "reopened"
	EventStepCompleted   EventKind = "step_completed"
	EventChecklist       EventKind = "checklist_changed"
	EventRolesChanged    EventKind = "roles_changed"
	EventReportsChanged  EventKind = "customer_reports_changed"
	EventFlagsChanged    EventKind = "flags_changed"
	EventStatusUpdate    EventKind = "status_update"
	EventPostmortem      EventKind = "postmortem_updated"
	// Alert notifications (Grafana webhook contact point) on an incident.
	EventAlertFiring   EventKind = "alert_firing"
	EventAlertResolved EventKind = "alert_resolved"
	// EventSeveritySuggested records a re-evaluation of the metrics that
	// suggests another severity (and whether it was applied).
	EventSeveritySuggested EventKind = "severity_suggested"
	// The scheduler (issue 6): an escalation rule or tier fired, a
	// stakeholder update is overdue; and what became of each notification
	// (one entry when delivered, one when delivery is given up).
	EventEscalation            EventKind = "escalation"
	EventUpdateDue             EventKind = "update_due"
	EventNotificationDelivered EventKind = "notification_delivered"
	EventNotificationFailed    EventKind = "notification_failed"
	// EventDiagnosticsRun is a finished diagnostics run: summary, evidence
	// tables and suggested runbooks. EventRemediationRun is an executed
	// (or failed) remediation.
	EventDiagnosticsRun EventKind = "diagnostics_run"
	EventRemediationRun EventKind = "remediation_run"
	// EventImpactChanged records a person setting the impact start, with
	// a reason (the insights measure from it).
	EventImpactChanged EventKind = "impact_changed"
)

// Event is one entry on an incident's timeline. Seq orders the events of an
// incident and is assigned by the store.
type Event struct {
	OrgID      int64          `json:"orgId"`
	IncidentID string         `json:"incidentId"`
	Seq        int64          `json:"seq"`
	Kind       EventKind      `json:"kind"`
	Author     string         `json:"author"`
	At         time.Time      `json:"at"`
	Payload    map[string]any `json:"payload,omitempty"`
}

// FormatID renders the runbook id format INC-YYYY-MM-DD-NNN. The day is the
// UTC calendar day the incident was declared; n counts from 1 within it.
func FormatID(day time.Time, n int64) string {
	return fmt.Sprintf("INC-%s-%03d", day.UTC().Format("2006-01-02"), n)
}

// DayKey is the per-day counter key for incident ids.
func DayKey(t time.Time) string { return t.UTC().Format("2006-01-02") }
