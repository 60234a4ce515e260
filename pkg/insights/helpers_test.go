package insights

import (
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

const (
	mins = time.Minute
	hrs  = time.Hour
)

// sim builds an incident's history through incident.Apply, so its events
// carry exactly the payloads the product records.
type sim struct {
	t   *testing.T
	t0  time.Time
	inc incident.Incident
	evs []incident.Event
}

func declare(t *testing.T, id string, t0 time.Time, sev incident.Severity, services ...string) *sim {
	t.Helper()
	inc := incident.Incident{OrgID: 1, ID: id, Title: "API errors", Severity: sev, Status: incident.Investigating,
		Services: services, CreatedAt: t0, UpdatedAt: t0, Version: 1, Details: incident.Details{PolicyVersion: 1}.Normalize()}
	s := &sim{t: t, t0: t0, inc: inc}
	s.add(incident.Event{Kind: incident.EventDeclared, At: t0})
	return s
}

func (s *sim) add(evs ...incident.Event) {
	for _, e := range evs {
		e.Seq, e.IncidentID, e.OrgID = int64(len(s.evs)+1), s.inc.ID, s.inc.OrgID
		s.evs = append(s.evs, e)
	}
}

func (s *sim) impact(start time.Time, from string) *sim {
	s.inc.Details.Impact = &incident.Impact{Start: start, From: from}
	return s
}

func (s *sim) apply(d time.Duration, u incident.Update) *sim {
	s.t.Helper()
	u.Version = s.inc.Version + 1
	next, evs, err := incident.Apply(s.inc, u, "alice", s.t0.Add(d))
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

func (s *sim) update(d time.Duration) *sim {
	s.add(incident.NewEvent(incident.EventStatusUpdate, "alice", s.t0.Add(d),
		incident.StatusUpdatePayload{TemplateID: "investigating", Subject: "s", Body: "b"}))
	return s
}

// record derives the record as the scheduler would at now, under the
// default policy (P1 respond 15 min, updates every 15 min, resolve 2 h; P2
// 30 min, 30 min, 8 h; P3 2 h, none, 24 h; post-mortem due 48 h).
func (s *sim) record(now time.Time) Record {
	out := timers.Compute(timers.Input{Incident: s.inc, Events: s.evs, Policy: policy.Default(), Now: now})
	return Derive(s.inc, s.evs, out)
}

func (s *sim) row(now time.Time) Row {
	return Row{Record: s.record(now), Services: s.inc.Services}
}

func ptr(t time.Time) *time.Time { return &t }
