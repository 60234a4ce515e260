package scheduler_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

func autoPolicy() policy.Policy {
	p := policy.Default()
	for i := range p.Rules {
		if p.Rules[i].ID == "p3-persists" {
			p.Rules[i].AutoApply = true
		}
	}
	return p
}

func p3(at time.Time) store.DueIncident {
	inc := incident.Incident{OrgID: 1, ID: "INC-2026-11-02-001", Title: "checkout slow", Severity: incident.P3, Status: incident.Investigating,
		Services: []string{"api"}, CreatedAt: at, UpdatedAt: at, Version: 3, Details: incident.Details{}.Normalize()}
	return store.DueIncident{Incident: inc, Events: []incident.Event{{Seq: 1, Kind: incident.EventDeclared, At: at}}}
}

// Plan follows the policy: an autoApply rule changes the severity (through
// incident.Apply), a plain one only records that the escalation is due;
// channels get what their severity and event filters accept.
func TestPlan(t *testing.T) {
	routes := []notify.Channel{
		{Name: "p1-only", Kind: notify.KindSlack, Severities: []incident.Severity{incident.P1}},
		{Name: "escalations", Kind: notify.KindSlack, Events: []string{notify.MsgEscalation}},
		{Name: "reminders", Kind: notify.KindWebhook, Events: []string{notify.MsgUpdateReminder}},
	}
	now := t0.Add(31 * time.Minute)
	t.Run("autoApply", func(t *testing.T) {
		effects := scheduler.Plan(scheduler.Input{Open: p3(t0), Policy: autoPolicy(), Routes: routes, Now: now})
		// Default P3 tiers: the tech lead is also due at 30m; rules come first.
		if len(effects) != 2 || effects[1].Key != "tier:P3:1" || effects[1].Update != nil {
			t.Fatalf("effects %d, want the rule then tier:P3:1", len(effects))
		}
		e := effects[0]
		if e.Key != "rule:p3-persists:P3" || e.ExpectVersion != 3 || e.Update == nil || e.Update.Severity != incident.P2 || e.Update.Version != 3 {
			t.Fatalf("effect %+v", e)
		}
		kinds := []incident.EventKind{}
		for _, ev := range e.Events {
			kinds = append(kinds, ev.Kind)
		}
		if fmt.Sprint(kinds) != "[severity_changed escalation]" || e.Events[1].Payload["applied"] != true || e.Events[0].Author != scheduler.Author {
			t.Errorf("events %v %v", kinds, e.Events[1].Payload)
		}
		if len(e.Outbox) != 1 || e.Outbox[0].Channel != "escalations" || e.Outbox[0].DeliveryID != "1/INC-2026-11-02-001/rule:p3-persists:P3/escalations" {
			t.Fatalf("outbox %+v", e.Outbox)
		}
		var m notify.Message
		if err := json.Unmarshal(e.Outbox[0].Payload, &m); err != nil || m.ID != e.Outbox[0].DeliveryID || m.Severity != incident.P2 || m.Kind != notify.MsgEscalation {
			t.Errorf("message %+v (%v)", m, err)
		}
	})
	t.Run("suggest only", func(t *testing.T) {
		effects := scheduler.Plan(scheduler.Input{Open: p3(t0), Policy: policy.Default(), Routes: routes, Now: now})
		if len(effects) != 2 || effects[0].Update != nil || len(effects[0].Events) != 1 || effects[0].Events[0].Payload["applied"] != false {
			t.Fatalf("effects %+v", effects)
		}
	})
	t.Run("reminders owed together are one message", func(t *testing.T) {
		oi := p3(t0)
		oi.Incident.Severity = incident.P1 // updates every 15m, none posted for 50m; routed to p1-only and reminders
		effects := scheduler.Plan(scheduler.Input{Open: oi, Policy: policy.Default(), Routes: routes, Now: t0.Add(50 * time.Minute)})
		var silent, sent []string
		for _, e := range effects {
			if e.Key[:7] != "update:" {
				continue
			}
			if len(e.Events) == 0 && len(e.Outbox) == 0 {
				silent = append(silent, e.Key)
			} else {
				sent = append(sent, fmt.Sprintf("%s missed=%v outbox=%d", e.Key, e.Events[0].Payload["missed"], len(e.Outbox)))
			}
		}
		if fmt.Sprint(silent) != "[update:1 update:2]" || fmt.Sprint(sent) != "[update:3 missed=3 outbox=2]" {
			t.Fatalf("silent %v, sent %v", silent, sent)
		}
	})
	t.Run("nothing owed yet", func(t *testing.T) {
		if effects := scheduler.Plan(scheduler.Input{Open: p3(t0), Policy: autoPolicy(), Now: t0.Add(29 * time.Minute)}); len(effects) != 0 {
			t.Fatalf("effects %+v", effects)
		}
	})
}

func openStore(t *testing.T, path string) store.Store {
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// A tick fires what is owed once; ticking again, or a restarted process on
// the same file, fires nothing more; later facts fire later.
func TestTickOnceAcrossRestart(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "warroom.db")
	st := openStore(t, path)
	body, _ := json.Marshal(autoPolicy())
	if _, err := st.SavePolicy(ctx, 1, 1, body, "admin", t0); err != nil {
		t.Fatal(err)
	}
	inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "slow", Severity: incident.P3, Status: incident.Investigating,
		Author: "ada", At: t0, Details: incident.Details{PolicyVersion: 2}.Normalize()},
		[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: t0}})
	if err != nil {
		t.Fatal(err)
	}
	tick := func(s *scheduler.Scheduler, at time.Duration) int {
		t.Helper()
		stats, err := s.Tick(ctx, t0.Add(at))
		if err != nil {
			t.Fatal(err)
		}
		return stats.Fired
	}
	s := &scheduler.Scheduler{Store: st}
	if n := tick(s, 29*time.Minute); n != 0 {
		t.Fatalf("fired %d before anything is due", n)
	}
	// The rule upgrades to P2 first; recomputed at P2, P3's tier is no
	// longer owed, and P2's first tier (30m from declaration) is reached at
	// once and fires in the same tick.
	if n := tick(s, 30*time.Minute); n != 2 {
		t.Fatalf("fired %d at 30m, want the rule and tier:P2:1", n)
	}
	if got, _ := st.GetIncident(ctx, 1, inc.ID); got.Severity != incident.P2 {
		t.Fatalf("severity %s, want P2 applied automatically", got.Severity)
	}
	if n := tick(s, 30*time.Minute); n != 0 {
		t.Fatalf("second tick fired %d", n)
	}
	st.Close()
	restarted := &scheduler.Scheduler{Store: openStore(t, path)}
	if n := tick(restarted, 31*time.Minute); n != 0 {
		t.Fatalf("restarted process fired %d again", n)
	}
	// P2 for 15 minutes without mitigation: suggested, not applied.
	if n := tick(restarted, 45*time.Minute); n != 1 {
		t.Fatalf("fired %d at 45m, want rule:p2-no-mitigation", n)
	}
	evs, err := restarted.Store.ListEvents(ctx, 1, inc.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, e := range evs {
		if e.Kind == incident.EventEscalation {
			keys = append(keys, fmt.Sprintf("%v/%v", e.Payload["key"], e.Payload["applied"]))
		}
	}
	if want := "[rule:p3-persists:P3/true tier:P2:1/<nil> rule:p2-no-mitigation:P2/false]"; fmt.Sprint(keys) != want {
		t.Errorf("escalations %v, want %s", keys, want)
	}
	if got, _ := restarted.Store.GetIncident(ctx, 1, inc.ID); got.Severity != incident.P2 {
		t.Errorf("a suggest-only rule changed the severity to %s", got.Severity)
	}
}

// A resolved incident owes nothing, however old.
func TestResolvedIncidentsFireNothing(t *testing.T) {
	ctx := t.Context()
	st := openStore(t, filepath.Join(t.TempDir(), "warroom.db"))
	inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "x", Severity: incident.P1, Status: incident.Investigating, Author: "ada", At: t0,
		Details: incident.Details{}.Normalize()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := incident.Resolved
	next, evs, err := incident.Apply(inc, incident.Update{Version: inc.Version, Status: &res}, "ada", t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	ne := make([]store.NewEvent, len(evs))
	for i, e := range evs {
		ne[i] = store.NewEvent{Kind: e.Kind, Author: e.Author, At: e.At, Payload: e.Payload}
	}
	if _, err := st.UpdateIncident(ctx, next, ne); err != nil {
		t.Fatal(err)
	}
	// Read once, for the post-mortem timer the list shows (breached by now,
	// past the default 48 h: nothing changes it without a write), then never.
	tick := &scheduler.Scheduler{Store: st}
	stats, err := tick.Tick(ctx, t0.Add(96*time.Hour))
	if err != nil || stats.Fired != 0 || stats.Incidents != 1 || stats.Saved != 1 {
		t.Fatalf("stats %+v (%v), want it projected and nothing fired", stats, err)
	}
	stats, err = tick.Tick(ctx, t0.Add(200*time.Hour))
	if err != nil || stats.Incidents != 0 {
		t.Fatalf("stats %+v (%v), want nothing examined", stats, err)
	}
	if evs, err := st.ListEvents(ctx, 1, inc.ID, 0); err != nil || len(evs) != len(ne) {
		t.Fatalf("timeline %d events (%v), want the resolution's only", len(evs), err)
	}
}
