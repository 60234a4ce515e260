package timers

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
)

// t0 is every scenario's declaration time.
var t0 = time.Date(2026, 3, 10, 10, 0, 0, 0, time.UTC)

const (
	sec  = time.Second
	mins = time.Minute
	hrs  = time.Hour
)

func at(d time.Duration) time.Time { return t0.Add(d) }

// sim builds an incident's history through incident.Apply, so events carry
// exactly the payloads the product records.
type sim struct {
	t   *testing.T
	inc incident.Incident
	evs []incident.Event
	pol policy.Policy
}

func declare(t *testing.T, sev incident.Severity) *sim {
	t.Helper()
	inc := incident.Incident{OrgID: 1, ID: "INC-2026-03-10-001", Title: "API errors", Severity: sev,
		Status: incident.Investigating, CreatedAt: t0, UpdatedAt: t0, Version: 1, Details: incident.Details{}.Normalize()}
	s := &sim{t: t, inc: inc, pol: policy.Default()}
	s.add(incident.Event{Kind: incident.EventDeclared, At: t0})
	return s
}

func (s *sim) add(evs ...incident.Event) {
	for _, e := range evs {
		e.Seq, e.IncidentID, e.OrgID = int64(len(s.evs)+1), s.inc.ID, s.inc.OrgID
		s.evs = append(s.evs, e)
	}
}

func (s *sim) apply(d time.Duration, u incident.Update) *sim {
	s.t.Helper()
	u.Version = s.inc.Version + 1
	next, evs, err := incident.Apply(s.inc, u, "alice", at(d))
	if err != nil {
		s.t.Fatalf("apply at %v: %v", d, err)
	}
	s.inc = next
	s.add(evs...)
	return s
}

func (s *sim) sev(d time.Duration, to incident.Severity) *sim {
	return s.apply(d, incident.Update{Severity: &to})
}

func (s *sim) status(d time.Duration, st incident.Status) *sim {
	u := incident.Update{Status: &st}
	if s.inc.Status == incident.Resolved {
		u.Reason = "errors are back"
	}
	return s.apply(d, u)
}

func (s *sim) steps(d time.Duration, names ...incident.StepName) *sim {
	return s.apply(d, incident.Update{CompleteSteps: names})
}

func (s *sim) reports(d time.Duration, n int) *sim {
	return s.apply(d, incident.Update{CustomerReports: &n})
}

func (s *sim) integrity(d time.Duration, risk bool) *sim {
	return s.apply(d, incident.Update{Flags: &incident.Flags{DataIntegrityAtRisk: risk}})
}

func (s *sim) update(d time.Duration) *sim {
	s.t.Helper()
	ev, errs := incident.StatusUpdateEvent(incident.StatusUpdate{Subject: "update", Body: "still investigating"}, "alice", at(d))
	if len(errs) > 0 {
		s.t.Fatal(errs)
	}
	s.add(ev)
	return s
}

// stored round-trips the events through JSON, as a store returns them:
// payload values become plain strings, numbers and maps.
func (s *sim) stored() *sim {
	s.t.Helper()
	b, err := json.Marshal(s.evs)
	if err != nil {
		s.t.Fatal(err)
	}
	s.evs = nil
	if err := json.Unmarshal(b, &s.evs); err != nil {
		s.t.Fatal(err)
	}
	return s
}

func (s *sim) rules(edit func(r *policy.TimerRules)) *sim {
	edit(&s.pol.Timers)
	if errs := s.pol.Validate(); len(errs) > 0 {
		s.t.Fatalf("test policy invalid: %v", errs)
	}
	return s
}

func (s *sim) at(now time.Duration) Output {
	return Compute(Input{Incident: s.inc, Events: s.evs, Policy: s.pol, Now: at(now)})
}

func timer(t *testing.T, out Output, kind string) Timer {
	t.Helper()
	for _, tm := range out.Timers {
		if tm.Kind == kind {
			return tm
		}
	}
	t.Fatalf("no %s timer in %+v", kind, out.Timers)
	return Timer{}
}

func hasTimer(out Output, kind string) bool {
	for _, tm := range out.Timers {
		if tm.Kind == kind {
			return true
		}
	}
	return false
}

// expect checks a timer's state and, when due is not negative, its due time
// as an offset from t0.
func expect(t *testing.T, out Output, kind string, state State, due time.Duration) {
	t.Helper()
	tm := timer(t, out, kind)
	if tm.State != state {
		t.Errorf("%s: state %s, want %s (%+v)", kind, tm.State, state, tm)
	}
	if due >= 0 && (tm.Due == nil || !tm.Due.Equal(at(due))) {
		t.Errorf("%s: due %v, want t0+%v", kind, tm.Due, due)
	}
}

// keys lists firing keys with their offsets, sorted, for compact comparison.
func keys(out Output) string {
	var ks []string
	for _, f := range out.Firings {
		ks = append(ks, f.Key+"@"+f.At.Sub(t0).String())
	}
	sort.Strings(ks)
	return strings.Join(ks, " ")
}
