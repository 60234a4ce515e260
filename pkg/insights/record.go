package insights

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// Where an impact start comes from (incident.Impact.From), most grounded first.
const (
	FromMetrics  = "metrics"  // the onset of the declare's metric evidence
	FromAlert    = "alert"    // the startsAt of the alert that opened it
	FromDeclared = "declared" // nothing earlier was known
	FromEdited   = "edited"   // a person set it, with a reason
)

// Outcome is how an incident stands against one target of its policy.
type Outcome string

const (
	NotApplicable Outcome = ""         // the level has no such target
	Met           Outcome = "met"      // done by the deadline
	Breached      Outcome = "breached" // done late, or the deadline passed
	Pending       Outcome = "pending"  // still running, not yet late
)

// Record is what one incident contributes to the measures: its times and
// outcomes as of the projection that computed it. The store keeps one per
// incident (migration 0015) and the scheduler rewrites it after each write.
type Record struct {
	OrgID      int64  `json:"orgId"`
	IncidentID string `json:"incidentId"`
	// Severity is the most severe level the incident reached: a P3 that
	// became a P1 is counted as a P1 (it was one).
	Severity incident.Severity `json:"severity"`
	Status   incident.Status   `json:"status"`
	// PolicyVersion is the policy the incident was declared under; its
	// targets judge the outcomes.
	PolicyVersion int `json:"policyVersion"`

	ImpactStart  time.Time  `json:"impactStart"`
	ImpactFrom   string     `json:"impactFrom" tstype:"'metrics' | 'alert' | 'declared' | 'edited'"`
	Detected     time.Time  `json:"detected"`
	Declared     time.Time  `json:"declared"`
	Acknowledged *time.Time `json:"acknowledged,omitempty"`
	Mitigated    *time.Time `json:"mitigated,omitempty"`
	// Resolved is the final resolution: a reopened incident is resolved
	// when it was last resolved, and is open again until then.
	Resolved *time.Time `json:"resolved,omitempty"`
	Reopened int        `json:"reopened"`
	// ProposedImpact (incident.ProposeImpact) is the earliest metric onset a recorded re-evaluation
	// found before ImpactStart: a correction offered, not applied.
	ProposedImpact *time.Time `json:"proposedImpact,omitempty"`

	Respond    Outcome `json:"respond"`
	Resolve    Outcome `json:"resolve"`
	Updates    Outcome `json:"updates"`
	Postmortem Outcome `json:"postmortem"`
	// MissedUpdates counts stakeholder-update periods that passed without one.
	MissedUpdates int `json:"missedUpdates"`
	Escalations   int `json:"escalations"`
	// Pages counts people paged × contact methods, over every tier.
	Pages int `json:"pages"`
	// ActionItems counts the post-mortem's action items; OpenDue holds the
	// due dates (YYYY-MM-DD, sorted) of those not done, so "overdue" is
	// judged on the day it is asked.
	ActionItems int      `json:"actionItems"`
	OpenDue     []string `json:"openDue"`
}

// EventKinds are the events Derive reads besides timers.EventKinds; a
// projection read with both computes what the whole timeline gives.
var EventKinds = []incident.EventKind{incident.EventEscalation}

// Derive computes inc's record from its events (at least those of
// timers.EventKinds and EventKinds, in Seq order) and its timers as
// computed from them.
func Derive(inc incident.Incident, events []incident.Event, out timers.Output) Record {
	r := Record{OrgID: inc.OrgID, IncidentID: inc.ID, Severity: inc.Severity, Status: inc.Status,
		PolicyVersion: inc.Details.PolicyVersion, Declared: inc.CreatedAt, OpenDue: []string{}}
	r.ImpactStart, r.ImpactFrom, r.Detected = impactOf(inc)
	if im := inc.Details.Impact; im != nil && im.Proposed != nil && im.Proposed.Before(r.ImpactStart) {
		r.ProposedImpact = timePtr(*im.Proposed)
	}
	for _, e := range events {
		switch e.Kind {
		case incident.EventSeverityChanged:
			p := incident.DecodePayload[incident.SeverityChangedPayload](e)
			r.Severity = mostSevere(r.Severity, mostSevere(p.From, p.To))
		case incident.EventReopened:
			r.Reopened++
		case incident.EventStatusChanged:
			if p := incident.DecodePayload[incident.StatusChangedPayload](e); p.To == incident.Monitoring && r.Mitigated == nil {
				r.Mitigated = timePtr(e.At)
			}
		case incident.EventEscalation:
			r.Escalations++
			for _, pr := range incident.DecodePayload[incident.EscalationPayload](e).Paged {
				r.Pages += len(pr.Via)
			}
		}
	}
	steps := inc.Details.Steps
	if m, ok := steps["acknowledge"]; ok && !m.At.IsZero() {
		r.Acknowledged = timePtr(m.At)
	}
	if m, ok := steps["mitigate"]; ok && !m.At.IsZero() {
		r.Mitigated = timePtr(m.At) // the step, when marked, says it best
	}
	if inc.Status == incident.Resolved && inc.ResolvedAt != nil {
		r.Resolved = timePtr(*inc.ResolvedAt)
	}
	r.outcomes(out)
	r.ActionItems, r.OpenDue = actionItems(inc.Details.Postmortem)
	return r
}

// impactOf reads the incident's impact start and detection; incidents
// declared before they were recorded started at their declaration.
func impactOf(inc incident.Incident) (start time.Time, from string, detected time.Time) {
	start, from, detected = inc.CreatedAt, FromDeclared, inc.CreatedAt
	if im := inc.Details.Impact; im != nil {
		start, from = im.Start, im.From
		if im.Detected != nil {
			detected = *im.Detected
		}
	}
	if detected.After(inc.CreatedAt) {
		detected = inc.CreatedAt // declaring it is detecting it
	}
	return start, from, detected
}

// outcomes reads the targets' states from the timers engine, which judged
// them under the incident's policy version.
func (r *Record) outcomes(out timers.Output) {
	for _, t := range out.Timers {
		switch t.Kind {
		case timers.KindRespond:
			r.Respond = respondOutcome(t, r.Resolved)
		case timers.KindResolve:
			r.Resolve = outcomeOf(t.State)
		case timers.KindPostmortem:
			r.Postmortem = outcomeOf(t.State)
		case timers.KindUpdate:
			r.MissedUpdates = out.MissedUpdates
			switch {
			case out.MissedUpdates > 0:
				r.Updates = Breached
			case r.Resolved != nil:
				r.Updates = Met
			default:
				r.Updates = Pending
			}
		}
	}
}

func outcomeOf(s timers.State) Outcome {
	switch s {
	case timers.Met:
		return Met
	case timers.Missed, timers.Breached:
		return Breached
	case timers.OK, timers.Warning:
		return Pending
	}
	return NotApplicable
}

// respondOutcome: an incident resolved without an acknowledgement was
// responded to by its resolution.
func respondOutcome(t timers.Timer, resolved *time.Time) Outcome {
	if t.State == timers.Stopped && resolved != nil && t.Due != nil {
		if resolved.After(*t.Due) {
			return Breached
		}
		return Met
	}
	return outcomeOf(t.State)
}

// actionItems reads the post-mortem's action items (package postmortem's
// document, read here as JSON so the dependency points one way).
func actionItems(doc json.RawMessage) (int, []string) {
	open := []string{}
	if len(doc) == 0 {
		return 0, open
	}
	var d struct {
		ActionItems []struct {
			Due  string `json:"due"`
			Done bool   `json:"done"`
		} `json:"actionItems"`
	}
	if json.Unmarshal(doc, &d) != nil {
		return 0, open
	}
	for _, a := range d.ActionItems {
		if !a.Done {
			open = append(open, a.Due)
		}
	}
	slices.Sort(open)
	return len(d.ActionItems), open
}

func mostSevere(a, b incident.Severity) incident.Severity {
	if !b.Valid() {
		return a
	}
	if !a.Valid() || slices.Index(incident.Severities, b) < slices.Index(incident.Severities, a) {
		return b
	}
	return a
}

func timePtr(t time.Time) *time.Time { return &t }
