package timers

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

func TestRespondBy(t *testing.T) {
	ack := func(d time.Duration) func(*sim) { return func(s *sim) { s.steps(d, "acknowledge") } }
	none := func(*sim) {}
	cases := []struct {
		name  string
		build func(*sim)
		now   time.Duration
		state State
	}{
		{"acknowledged before the deadline", ack(10 * mins), 20 * mins, Met},
		{"acknowledged after the deadline", ack(40 * mins), 45 * mins, Missed},
		{"acknowledged at the deadline", ack(30 * mins), 31 * mins, Met},
		{"running", none, 20 * mins, OK},
		{"just before the warning window", none, 24*mins - sec, OK},
		{"warning in the last 20%", none, 24 * mins, Warning},
		{"breached at the due time", none, 30 * mins, Breached},
		{"breached while unacknowledged", none, 50 * mins, Breached},
		{"resolution without acknowledgement stops it", func(s *sim) { s.status(20*mins, incident.Resolved) }, 25 * mins, Stopped},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := declare(t, incident.P2)
			tc.build(s)
			expect(t, s.at(tc.now), KindRespond, tc.state, 30*mins)
		})
	}
}

func TestWarningFractionIsPolicy(t *testing.T) {
	s := declare(t, incident.P2).rules(func(r *policy.TimerRules) { r.WarningFraction = 0.5 })
	expect(t, s.at(15*mins-sec), KindRespond, OK, 30*mins)
	expect(t, s.at(15*mins), KindRespond, Warning, 30*mins)
	s = declare(t, incident.P2).rules(func(r *policy.TimerRules) { r.WarningFraction = 0 })
	expect(t, s.at(30*mins-sec), KindRespond, OK, 30*mins)
}

func TestSeverityChange(t *testing.T) {
	type want struct {
		kind  string
		state State
		due   time.Duration // -1: no due time
	}
	cases := []struct {
		name  string
		from  incident.Severity
		build func(*sim)
		now   time.Duration
		want  []want
		none  []string // timers that must be absent
	}{
		{"upgrade P3→P2: earlier respond-by, cadence from the change, tiers and resolve from declaration", incident.P3,
			func(s *sim) { s.sev(40*mins, incident.P2) }, 45 * mins,
			[]want{{KindRespond, OK, 70 * mins}, {KindUpdate, OK, 70 * mins}, {KindEscalation, OK, 60 * mins}, {KindResolve, OK, 8 * hrs}}, nil},
		{"same upgrade read back from the store", incident.P3,
			func(s *sim) { s.sev(40*mins, incident.P2).stored() }, 45 * mins,
			[]want{{KindRespond, OK, 70 * mins}, {KindUpdate, OK, 70 * mins}}, nil},
		{"late upgrade keeps the sooner P3 deadline", incident.P3,
			func(s *sim) { s.sev(100*mins, incident.P2) }, 101 * mins,
			[]want{{KindRespond, Warning, 2 * hrs}}, nil},
		{"upgrade after acknowledgement keeps the verdict", incident.P3,
			func(s *sim) { s.steps(50*mins, "acknowledge").sev(60*mins, incident.P2) }, 61 * mins,
			[]want{{KindRespond, Met, 2 * hrs}}, nil},
		{"downgrade P2→P3 keeps respond-by and drops the cadence", incident.P2,
			func(s *sim) { s.sev(10*mins, incident.P3) }, 31 * mins,
			[]want{{KindRespond, Breached, 30 * mins}, {KindResolve, OK, 24 * hrs}, {KindEscalation, Breached, 30 * mins}}, []string{KindUpdate}},
		{"downgrade P1→P2 restarts the cadence", incident.P1,
			func(s *sim) { s.sev(20*mins, incident.P2) }, 25 * mins,
			[]want{{KindRespond, Breached, 15 * mins}, {KindUpdate, OK, 50 * mins}}, nil},
		{"upgrade P3→P1 late: resolve-by from declaration is already breached", incident.P3,
			func(s *sim) { s.sev(3*hrs, incident.P1) }, 3*hrs + mins,
			[]want{{KindResolve, Breached, 2 * hrs}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := declare(t, tc.from)
			tc.build(s)
			out := s.at(tc.now)
			for _, w := range tc.want {
				expect(t, out, w.kind, w.state, w.due)
			}
			for _, k := range tc.none {
				if hasTimer(out, k) {
					t.Errorf("%s timer must be absent: %+v", k, out.Timers)
				}
			}
		})
	}
}

func TestSeverityChangeFollowsTimerRules(t *testing.T) {
	cases := []struct {
		name string
		from incident.Severity
		to   incident.Severity
		edit func(r *policy.TimerRules)
		kind string
		now  time.Duration
		st   State
		due  time.Duration
	}{
		{"respond restarts on downgrade", incident.P2, incident.P3, func(r *policy.TimerRules) { r.OnDowngrade.Respond = policy.Restart }, KindRespond, 20 * mins, OK, 2*hrs + 10*mins},
		{"respond continues from declaration on downgrade", incident.P2, incident.P3, func(r *policy.TimerRules) { r.OnDowngrade.Respond = policy.Continue }, KindRespond, 20 * mins, OK, 2 * hrs},
		{"respond kept on upgrade", incident.P3, incident.P2, func(r *policy.TimerRules) { r.OnUpgrade.Respond = policy.Keep }, KindRespond, 45 * mins, OK, 2 * hrs},
		{"escalation restarts on upgrade", incident.P3, incident.P2, func(r *policy.TimerRules) { r.OnUpgrade.Escalation = policy.Restart }, KindEscalation, 45 * mins, OK, 70 * mins},
		{"cadence continues: a period already over is owed at the change", incident.P3, incident.P2, func(r *policy.TimerRules) { r.OnUpgrade.Update = policy.Continue }, KindUpdate, 41 * mins, Breached, 40 * mins},
		{"cadence earlier", incident.P3, incident.P2, func(r *policy.TimerRules) { r.OnUpgrade.Update = policy.Earlier }, KindUpdate, 41 * mins, OK, 70 * mins},
		{"resolve earlier on upgrade", incident.P3, incident.P1, func(r *policy.TimerRules) { r.OnUpgrade.Resolve = policy.Earlier }, KindResolve, 41 * mins, OK, 2*hrs + 40*mins},
		{"resolve restarts on downgrade", incident.P1, incident.P2, func(r *policy.TimerRules) { r.OnDowngrade.Resolve = policy.Restart }, KindResolve, 41 * mins, OK, 8*hrs + 40*mins},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			change := 40 * mins
			if tc.from == incident.P2 {
				change = 10 * mins
			}
			s := declare(t, tc.from).rules(tc.edit).sev(change, tc.to)
			expect(t, s.at(tc.now), tc.kind, tc.st, tc.due)
		})
	}
}

func TestResolutionStopsTimersAndStartsPostmortem(t *testing.T) {
	s := declare(t, incident.P2).steps(5*mins, "acknowledge").status(3*hrs, incident.Resolved)
	out := s.at(4 * hrs)
	expect(t, out, KindRespond, Met, 30*mins)
	expect(t, out, KindUpdate, Stopped, -1)
	expect(t, out, KindEscalation, Stopped, -1)
	expect(t, out, KindResolve, Met, 8*hrs)
	expect(t, out, KindPostmortem, OK, 51*hrs)
	if len(out.Firings) != 0 {
		t.Errorf("a resolved incident owes nothing: %s", keys(out))
	}
	if out.CurrentTier.Who != "Engineering manager" {
		t.Errorf("tier at resolution: %+v", out.CurrentTier)
	}
	if want := at(51*hrs - 48*hrs/5); out.NextChange == nil || !out.NextChange.Equal(want) {
		t.Errorf("next change %v, want the post-mortem warning at %v", out.NextChange, want)
	}
	if hasTimer(declare(t, incident.P2).at(time.Hour), KindPostmortem) {
		t.Error("no post-mortem timer before resolution")
	}
}

func TestPostmortemDone(t *testing.T) {
	doc := func(v map[string]any) json.RawMessage { b, _ := json.Marshal(v); return b }
	full := doc(map[string]any{"summary": "pool exhausted", "whys": []string{"", "no limit on idle connections"}})
	cases := []struct {
		name  string
		build func(s *sim)
		now   time.Duration
		state State
	}{
		{"nothing written", func(s *sim) {}, 60 * hrs, Breached},
		{"step marked", func(s *sim) {
			s.inc.Details.Steps = map[incident.StepName]incident.StepMark{"postmortem": {At: at(20 * hrs), By: "bob"}}
		}, 30 * hrs, Met},
		{"complete document saved in time", func(s *sim) { s.pm(20*hrs, full) }, 30 * hrs, Met},
		{"complete document last saved late", func(s *sim) { s.pm(20*hrs, full).pm(52*hrs, full) }, 53 * hrs, Missed},
		{"draft without a root cause", func(s *sim) { s.pm(20*hrs, doc(map[string]any{"summary": "x"})) }, 30 * hrs, OK},
		{"published status", func(s *sim) { s.pm(20*hrs, doc(map[string]any{"status": "published"})) }, 30 * hrs, Met},
		{"complete document without events dates from the update", func(s *sim) {
			s.inc.Details.Postmortem, s.inc.UpdatedAt = full, at(20*hrs)
		}, 30 * hrs, Met},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := declare(t, incident.P2).steps(5*mins, "acknowledge").status(3*hrs, incident.Resolved)
			tc.build(s)
			expect(t, s.at(tc.now), KindPostmortem, tc.state, 51*hrs)
		})
	}
}

// pm saves a post-mortem document the way the API does.
func (s *sim) pm(d time.Duration, doc json.RawMessage) *sim {
	s.inc.Details.Postmortem, s.inc.UpdatedAt = doc, at(d)
	s.add(incident.Event{Kind: incident.EventPostmortem, At: at(d), Payload: map[string]any{"actionItems": 0}})
	return s
}

func TestReopenRestartsTheCadenceNotTheAge(t *testing.T) {
	s := declare(t, incident.P2).steps(5*mins, "acknowledge").status(time.Hour, incident.Resolved)
	if out := s.at(90 * mins); len(out.Firings) != 0 {
		t.Fatalf("resolved: %s", keys(out))
	}
	s.status(2*hrs, incident.Investigating)
	out := s.at(2*hrs + 10*mins)
	if hasTimer(out, KindPostmortem) {
		t.Error("post-mortem waits for the next resolution")
	}
	expect(t, out, KindRespond, Met, 30*mins)
	expect(t, out, KindUpdate, OK, 2*hrs+30*mins)
	expect(t, out, KindResolve, OK, 8*hrs)
	expect(t, out, KindEscalation, Breached, time.Hour)
	if got, want := keys(out), "rule:p2-no-mitigation:P2@15m0s tier:P2:1@30m0s tier:P2:2@1h0m0s"; got != want {
		t.Errorf("firings %s, want %s", got, want)
	}
	s.status(3*hrs, incident.Resolved)
	expect(t, s.at(3*hrs+mins), KindPostmortem, OK, 51*hrs)
}

func TestBestEffortLevelHasNoResolveTimer(t *testing.T) {
	out := declare(t, incident.P4).at(30 * hrs)
	if len(out.Timers) != 1 {
		t.Fatalf("P4 has only respond-by, got %+v", out.Timers)
	}
	expect(t, out, KindRespond, Breached, 24*hrs)
	if out.CurrentTier.Who != "Assigned engineer" || len(out.Firings) != 0 {
		t.Errorf("tier %+v firings %s", out.CurrentTier, keys(out))
	}
}
