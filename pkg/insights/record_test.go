package insights

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

var t0 = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

// A P2 declared at 10:00 from evidence whose onset was 09:40: acknowledged
// 10:10, monitoring 10:50, resolved 11:30, updates at 10:25, 10:50 and 11:15 (the
// cadence is 30): every target met except the post-mortem, not yet due.
func TestDeriveTimesAndOutcomes(t *testing.T) {
	s := declare(t, "INC-1", t0, incident.P2, "api").impact(t0.Add(-20*mins), FromMetrics).
		steps(10*mins, "acknowledge").update(25*mins).update(50*mins).status(50*mins, incident.Monitoring).
		update(75*mins).status(90*mins, incident.Resolved)
	r := s.record(t0.Add(2 * hrs))
	want := Record{OrgID: 1, IncidentID: "INC-1", Severity: incident.P2, Status: incident.Resolved, PolicyVersion: 1,
		ImpactStart: t0.Add(-20 * mins), ImpactFrom: FromMetrics, Detected: t0, Declared: t0,
		Acknowledged: ptr(t0.Add(10 * mins)), Mitigated: ptr(t0.Add(50 * mins)), Resolved: ptr(t0.Add(90 * mins)),
		Respond: Met, Resolve: Met, Updates: Met, Postmortem: Pending, OpenDue: []string{}}
	if !reflect.DeepEqual(r, want) {
		t.Fatalf("record:\n got %+v\nwant %+v", r, want)
	}
}

// Incidents declared before impact was recorded started when declared.
func TestDeriveWithoutImpactStartsAtDeclaration(t *testing.T) {
	r := declare(t, "INC-1", t0, incident.P3).record(t0.Add(mins))
	if !r.ImpactStart.Equal(t0) || r.ImpactFrom != FromDeclared || !r.Detected.Equal(t0) {
		t.Fatalf("impact %v from %q detected %v; want the declaration", r.ImpactStart, r.ImpactFrom, r.Detected)
	}
	if r.Respond != Pending || r.Resolve != Pending || r.Updates != NotApplicable || r.Postmortem != NotApplicable {
		t.Fatalf("outcomes %q %q %q %q; want pending, pending, none (P3 has no cadence), none (open)",
			r.Respond, r.Resolve, r.Updates, r.Postmortem)
	}
}

// Reopened: resolved at +1 h, reopened at +2 h, resolved again at +5 h.
// The final resolution counts; the incident was reopened once.
func TestDeriveReopened(t *testing.T) {
	s := declare(t, "INC-1", t0, incident.P3).steps(5*mins, "acknowledge").
		status(hrs, incident.Resolved).status(2*hrs, incident.Investigating)
	open := s.record(t0.Add(3 * hrs))
	if open.Resolved != nil || open.Reopened != 1 || open.Status != incident.Investigating {
		t.Fatalf("while reopened: resolved %v reopened %d status %s; want open, 1, investigating", open.Resolved, open.Reopened, open.Status)
	}
	r := s.status(5*hrs, incident.Resolved).record(t0.Add(6 * hrs))
	if r.Resolved == nil || !r.Resolved.Equal(t0.Add(5*hrs)) || r.Reopened != 1 {
		t.Fatalf("resolved %v reopened %d; want +5h and 1", r.Resolved, r.Reopened)
	}
}

// A P3 raised to P1 at +20 min counts as a P1; respond-by moved earlier
// (+35 min, the default on upgrade) and the acknowledgement at +25 met it.
func TestDeriveSeverityRaisedMidIncident(t *testing.T) {
	s := declare(t, "INC-1", t0, incident.P3).sev(20*mins, incident.P1).steps(25*mins, "acknowledge").sev(40*mins, incident.P2)
	r := s.record(t0.Add(45 * mins))
	if r.Severity != incident.P1 {
		t.Fatalf("severity %s; want P1, the most severe it reached", r.Severity)
	}
	if r.Respond != Met {
		t.Fatalf("respond %q; want met", r.Respond)
	}
	late := declare(t, "INC-2", t0, incident.P3).sev(20*mins, incident.P1).steps(40*mins, "acknowledge").record(t0.Add(45 * mins))
	if late.Respond != Breached {
		t.Fatalf("respond %q; want breached (acknowledged at +40 min, due +35 min)", late.Respond)
	}
}

// A P1 with updates due every 15 minutes and the first posted at +40:
// two periods missed, the cadence breached.
func TestDeriveMissedUpdates(t *testing.T) {
	r := declare(t, "INC-1", t0, incident.P1).update(40 * mins).record(t0.Add(50 * mins))
	if r.Updates != Breached || r.MissedUpdates != 2 {
		t.Fatalf("updates %q missed %d; want breached, 2 (due +15 and +30)", r.Updates, r.MissedUpdates)
	}
}

// A resolved incident never acknowledged was answered by its resolution.
func TestDeriveResolvedWithoutAcknowledgement(t *testing.T) {
	quick := declare(t, "INC-1", t0, incident.P2).status(20*mins, incident.Resolved).record(t0.Add(hrs))
	slow := declare(t, "INC-2", t0, incident.P2).status(40*mins, incident.Resolved).record(t0.Add(hrs))
	if quick.Respond != Met || slow.Respond != Breached {
		t.Fatalf("respond %q and %q; want met (resolved in 20 min of 30) and breached (40 min)", quick.Respond, slow.Respond)
	}
}

func TestDeriveEscalationsAndPages(t *testing.T) {
	s := declare(t, "INC-1", t0, incident.P1)
	s.add(incident.NewEvent(incident.EventEscalation, "warroom", t0, incident.EscalationPayload{Key: "tier:P1:0",
		Paged: []incident.PagedRecipient{{Login: "dave", Via: []string{"email", "webhook"}}}}))
	s.add(incident.NewEvent(incident.EventEscalation, "warroom", t0.Add(15*mins), incident.EscalationPayload{Key: "tier:P1:1",
		Paged: []incident.PagedRecipient{{Login: "bob", Via: []string{"email"}}}}))
	r := s.record(t0.Add(20 * mins))
	if r.Escalations != 2 || r.Pages != 3 {
		t.Fatalf("escalations %d pages %d; want 2 and 3", r.Escalations, r.Pages)
	}
}

// A re-evaluation whose onset precedes the impact start proposes the
// earlier time (incident.ProposeImpact); a later one proposes nothing; an
// edit of the impact start decides and drops the proposal.
func TestDeriveProposesEarlierImpact(t *testing.T) {
	s := declare(t, "INC-1", t0, incident.P2)
	s.inc = incident.ProposeImpact(s.inc, t0.Add(mins))
	if r := s.record(t0.Add(10 * mins)); r.ProposedImpact != nil {
		t.Fatalf("proposed %v for an onset after the impact start", r.ProposedImpact)
	}
	s.inc = incident.ProposeImpact(s.inc, t0.Add(-12*mins))
	s.inc = incident.ProposeImpact(s.inc, t0.Add(-7*mins))
	r := s.record(t0.Add(10 * mins))
	if r.ProposedImpact == nil || !r.ProposedImpact.Equal(t0.Add(-12*mins)) || !r.ImpactStart.Equal(t0) {
		t.Fatalf("proposed %v, impact %v; want the earliest onset, -12 min, offered, the start unchanged", r.ProposedImpact, r.ImpactStart)
	}
	start := t0.Add(-10 * mins)
	s.apply(15*mins, incident.Update{ImpactStart: &start, Reason: "the deploy at 09:50 started it"})
	if r := s.record(t0.Add(20 * mins)); r.ProposedImpact != nil || !r.ImpactStart.Equal(start) || r.ImpactFrom != FromEdited {
		t.Fatalf("after the edit: proposed %v impact %v from %q; want no proposal, the edited start", r.ProposedImpact, r.ImpactStart, r.ImpactFrom)
	}
}

func TestDeriveActionItems(t *testing.T) {
	s := declare(t, "INC-1", t0, incident.P3)
	doc, _ := json.Marshal(map[string]any{"actionItems": []map[string]any{
		{"action": "a", "due": "2026-04-01"}, {"action": "b", "due": "2026-03-01", "done": true}, {"action": "c", "due": "2026-03-12"}}})
	s.inc.Details.Postmortem = doc
	r := s.record(t0)
	if r.ActionItems != 3 || !reflect.DeepEqual(r.OpenDue, []string{"2026-03-12", "2026-04-01"}) {
		t.Fatalf("action items %d open %v; want 3 and the two open dues in order", r.ActionItems, r.OpenDue)
	}
}
