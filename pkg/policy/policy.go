// Package policy is the severity policy as data: response and resolution
// targets per level, stakeholder-update cadence, escalation tiers and the
// escalation rules of the runbooks. Admins edit it; each incident records the
// version it runs under. Pure: no I/O.
package policy

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Policy is one version of an org's severity policy.
type Policy struct {
	Version int `json:"version"`
	// Labels displays levels as "P" (P1–P4) or "SEV" (SEV1–SEV4).
	Labels        string   `json:"labels" tstype:"'P' | 'SEV'"`
	Levels        []Level  `json:"levels"`
	Rules         []Rule   `json:"rules"`
	PostmortemDue Duration `json:"postmortemDue"`
	// Thresholds are the metric thresholds severity is suggested from. The
	// JSON key predates the name and is kept: stored policies and the API use it.
	Thresholds Thresholds `json:"signals"`
	// Timers settle how countdowns behave where the runbooks are silent.
	Timers TimerRules `json:"timers"`
	// Paging says what happens when nobody acknowledges (paging.go).
	Paging PagingRules `json:"paging"`
}

// Thresholds are the metric thresholds of seeds 003/004 a breach must stay
// above for SustainedFor before it counts: a single bad scrape is not an
// incident.
type Thresholds struct {
	// ErrorRateHigh is the 5xx ratio that justifies P2 ("high error rate >5%").
	ErrorRateHigh float64 `json:"errorRateHigh"`
	// ErrorRateElevated is the ratio above normal (<0.1–0.5%) that justifies P3
	// ("intermittent errors").
	ErrorRateElevated float64 `json:"errorRateElevated"`
	// LatencyP99 is the p99 latency above which a service is degraded (P3).
	LatencyP99   Duration `json:"latencyP99"`
	SustainedFor Duration `json:"sustainedFor"`
}

// DefaultThresholds are the runbooks' thresholds; also filled into policies
// saved before thresholds existed.
func DefaultThresholds() Thresholds {
	return Thresholds{ErrorRateHigh: 0.05, ErrorRateElevated: 0.005, LatencyP99: Duration(500 * time.Millisecond), SustainedFor: Duration(5 * time.Minute)}
}

// Level holds the targets of one severity.
type Level struct {
	Severity      incident.Severity `json:"severity"`
	Meaning       string            `json:"meaning"`
	RespondWithin Duration          `json:"respondWithin"`
	// ResolveWithin is nil for "best effort".
	ResolveWithin *Duration `json:"resolveWithin,omitempty"`
	// UpdateEvery is nil when stakeholders get no scheduled updates.
	UpdateEvery *Duration `json:"updateEvery,omitempty"`
	Notify      string    `json:"notify"`
	// Tiers escalate by time since declaration, in increasing After order;
	// the first starts at 0.
	Tiers []Tier `json:"tiers"`
}

// Tier is who is engaged once an incident has been open for After.
type Tier struct {
	After Duration `json:"after"`
	// Who describes the tier to responders ("Senior engineer"). Before
	// targets existed it was the only way to name the tier's people, so a
	// tier without targets keeps working: it is a note, nobody is paged.
	Who string `json:"who"`
	// Targets are paged when the tier is reached, each through its people's
	// contact methods (targets.go). Tier 0 pages at declaration.
	Targets []Target `json:"targets,omitempty" tstype:"EscalationTarget[] | null"`
}

// Rule is one escalation criterion of seed 000: any condition that holds
// moves an incident From one level To a more severe one.
type Rule struct {
	ID   string            `json:"id"`
	From incident.Severity `json:"from"`
	To   incident.Severity `json:"to"`
	// PersistsFor fires when the incident has been open this long (and, with
	// WithoutMitigation, no mitigation step is recorded).
	PersistsFor       *Duration `json:"persistsFor,omitempty"`
	WithoutMitigation bool      `json:"withoutMitigation,omitempty"`
	CustomerReports   int       `json:"customerReportsOver,omitempty"`
	ErrorRateOver     float64   `json:"errorRateOver,omitempty"`
	MultipleServices  bool      `json:"multipleServices,omitempty"`
	DataIntegrity     bool      `json:"dataIntegrityAtRisk,omitempty"`
	// AutoApply lets the back end change the severity itself; otherwise the
	// rule only records a suggestion on the timeline.
	AutoApply bool `json:"autoApply"`
}

// tier is a tier without targets: a note, as the runbooks name people.
func tier(after Duration, who string) Tier { return Tier{After: after, Who: who} }

// Level returns the targets of s.
func (p Policy) Level(s incident.Severity) (Level, bool) {
	for _, l := range p.Levels {
		if l.Severity == s {
			return l, true
		}
	}
	return Level{}, false
}

// Default is the policy of the runbooks (BRIEF table; seeds 000, 001, 004).
func Default() Policy {
	m := time.Minute
	return Policy{
		Version: 1,
		Labels:  "P",
		Levels: []Level{
			{Severity: incident.P1, Meaning: "Full outage, data loss or corruption, security breach, >50% of users",
				RespondWithin: Duration(15 * m), ResolveWithin: ptr(2 * time.Hour), UpdateEvery: ptr(15 * m),
				Notify: "All hands; leadership notified within 15 min",
				Tiers:  []Tier{tier(0, "On-call engineer"), tier(Duration(15*m), "Senior engineer"), tier(Duration(30*m), "Engineering manager"), tier(Duration(60*m), "VP Engineering / CTO")}},
			{Severity: incident.P2, Meaning: "Major degradation: error rate >5%, a single API down, >25% of users",
				RespondWithin: Duration(30 * m), ResolveWithin: ptr(8 * time.Hour), UpdateEvery: ptr(30 * m),
				Notify: "On-call engineer + team lead",
				Tiers:  []Tier{tier(0, "On-call engineer"), tier(Duration(30*m), "Tech lead"), tier(Duration(60*m), "Engineering manager")}},
			{Severity: incident.P3, Meaning: "Partial degradation: elevated latency, intermittent errors, one feature broken",
				RespondWithin: Duration(2 * time.Hour), ResolveWithin: ptr(24 * time.Hour),
				Notify: "On-call engineer",
				Tiers:  []Tier{tier(0, "On-call engineer"), tier(Duration(30*m), "Tech lead")}},
			{Severity: incident.P4, Meaning: "Minor or cosmetic issue",
				RespondWithin: Duration(24 * time.Hour), Notify: "Normal sprint workflow",
				Tiers: []Tier{tier(0, "Assigned engineer")}},
		},
		Rules: []Rule{
			{ID: "p3-persists", From: incident.P3, To: incident.P2, PersistsFor: ptr(30 * m)},
			{ID: "p3-customer-reports", From: incident.P3, To: incident.P2, CustomerReports: 3},
			{ID: "p3-error-rate", From: incident.P3, To: incident.P2, ErrorRateOver: 0.05},
			{ID: "p2-multiple-services", From: incident.P2, To: incident.P1, MultipleServices: true},
			{ID: "p2-data-integrity", From: incident.P2, To: incident.P1, DataIntegrity: true},
			{ID: "p2-no-mitigation", From: incident.P2, To: incident.P1, PersistsFor: ptr(15 * m), WithoutMitigation: true},
		},
		PostmortemDue: Duration(48 * time.Hour),
		Thresholds:    DefaultThresholds(),
		Timers:        DefaultTimerRules(),
		Paging:        DefaultPagingRules(),
	}
}
