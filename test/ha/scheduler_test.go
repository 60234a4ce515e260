package ha

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

var t0 = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// haPolicy keeps every firing easy to predict by hand (see expectedKeys).
func haPolicy() policy.Policy {
	m := time.Minute
	d := func(x time.Duration) *policy.Duration { v := policy.Duration(x); return &v }
	p := policy.Default()
	p.Levels[0].UpdateEvery = d(20 * m)
	p.Levels[0].Tiers = []policy.Tier{{After: 0, Who: "On-call"}, {After: policy.Duration(15 * m), Who: "Senior"}, {After: policy.Duration(45 * m), Who: "Manager"}}
	p.Levels[2].Tiers = []policy.Tier{{After: 0, Who: "On-call"}}
	p.Rules = []policy.Rule{
		{ID: "p3-persists", From: incident.P3, To: incident.P2, PersistsFor: d(40 * m), AutoApply: true},
		{ID: "p2-no-mitigation", From: incident.P2, To: incident.P1, PersistsFor: d(50 * m), WithoutMitigation: true},
	}
	return p
}

// expectedKeys derives the firings of an incident declared at d with sev,
// as of T, from the policy's numbers alone (not from the timer engine):
//   - P1: tiers at +15m and +45m; a reminder every 20m.
//   - P2: tiers at +30m and +60m; the (suggest-only) rule at +50m; a
//     reminder every 30m.
//   - P3: the auto-applied rule at +40m makes it P2 at c = d+40m; then P2's
//     tiers counted from declaration (+30m is reached at once), the P2 rule
//     at c+50m, and reminders every 30m from c (the upgrade restarts the
//     cadence). Before that P3 has one tier and no reminders.
//   - P4: nothing.
func expectedKeys(sev incident.Severity, d, T time.Time) (keys []string, upgraded bool) {
	m := time.Minute
	due := func(at time.Time, key string) {
		if !at.After(T) {
			keys = append(keys, key)
		}
	}
	every := func(from time.Time, period time.Duration) {
		for n := 1; !from.Add(time.Duration(n) * period).After(T); n++ {
			keys = append(keys, fmt.Sprintf("update:%d", n))
		}
	}
	switch sev {
	case incident.P1:
		due(d.Add(15*m), "tier:P1:1")
		due(d.Add(45*m), "tier:P1:2")
		every(d, 20*m)
	case incident.P2:
		due(d.Add(30*m), "tier:P2:1")
		due(d.Add(60*m), "tier:P2:2")
		due(d.Add(50*m), "rule:p2-no-mitigation:P2")
		every(d, 30*m)
	case incident.P3:
		c := d.Add(40 * m)
		if c.After(T) {
			return nil, false
		}
		keys = append(keys, "rule:p3-persists:P3", "tier:P2:1")
		due(d.Add(60*m), "tier:P2:2")
		due(c.Add(50*m), "rule:p2-no-mitigation:P2")
		every(c, 30*m)
		upgraded = true
	}
	sort.Strings(keys)
	return keys, upgraded
}

type seeded struct {
	inc incident.Incident
	sev incident.Severity
}

// TestTwoProcessesFireEachFiringOnce: two scheduler processes on one
// PostgreSQL, 200 incidents, a clock driven minute by minute for 150
// minutes; one process is SIGKILLed mid-run. Every expected firing happens
// exactly once, with exactly one timeline entry, one severity change where
// due, and one outbox row per routed channel.
func TestTwoProcessesFireEachFiringOnce(t *testing.T) {
	ctx := t.Context()
	dsn := testpg.DSN(t)
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	body, _ := json.Marshal(haPolicy())
	for org := int64(1); org <= 2; org++ {
		if _, err := st.SavePolicy(ctx, org, 1, body, "admin", t0); err != nil {
			t.Fatal(err)
		}
	}
	// Org 1 routes every firing to one channel; org 2 has none.
	if err := st.PutChannelRoutes(ctx, 1, []byte(`[{"id":"ops","name":"ops","kind":"slack"}]`), t0); err != nil {
		t.Fatal(err)
	}
	var incs []seeded
	for i := range 200 {
		org := int64(1 + i%2)
		sev := incident.Severities[(i/2)%4]
		at := t0.Add(time.Duration(i%50) * time.Minute)
		inc, err := st.CreateIncident(ctx, org, store.NewIncident{Title: fmt.Sprintf("ha %d", i), Severity: sev, Status: incident.Investigating,
			Services: []string{"api"}, Author: "ada", At: at,
			Details: incident.Details{PolicyVersion: 2, Checklist: incident.DefaultChecklist()}.Normalize()},
			[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: at}})
		if err != nil {
			t.Fatal(err)
		}
		incs = append(incs, seeded{inc, sev})
	}

	h := newHarness(t, dsn, t0)
	a := startNode(t, "a", "schedule", dsn)
	b := startNode(t, "b", "schedule", dsn)
	live := []string{"a", "b"}
	const steps, killAt = 150, 70
	T := t0.Add(steps * time.Minute)
	started := time.Now()
	for k := 0; k <= steps; k++ {
		at := t0.Add(time.Duration(k) * time.Minute)
		h.set(at)
		if k == killAt {
			// Mid-tick: b has read the new clock and is committing firings.
			time.Sleep(15 * time.Millisecond)
			b.kill()
			live = []string{"a"}
		}
		h.waitFor(at, live...)
	}
	h.stop()
	a.wait(t)
	t.Logf("151 clock steps with 200 incidents in %s; fired by a: %d, by b before its kill: %d",
		time.Since(started).Round(time.Millisecond), h.counter("a", "fired"), h.counter("b", "fired"))
	if h.counter("a", "fired") == 0 || h.counter("b", "fired") == 0 {
		t.Errorf("both processes should have fired some: a %d, b %d", h.counter("a", "fired"), h.counter("b", "fired"))
	}
	if ws := b.cmd.ProcessState.Sys().(interface{ Signaled() bool }); !ws.Signaled() {
		t.Errorf("b was not killed by a signal: %v", b.cmd.ProcessState)
	}

	total, upgrades := 0, 0
	for _, s := range incs {
		want, upgraded := expectedKeys(s.sev, s.inc.CreatedAt, T)
		total += len(want)
		evs, err := st.ListEvents(ctx, s.inc.OrgID, s.inc.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		changes := 0
		for _, e := range evs {
			switch e.Kind {
			case incident.EventEscalation, incident.EventUpdateDue:
				got = append(got, fmt.Sprint(e.Payload["key"]))
			case incident.EventSeverityChanged:
				changes++
			}
		}
		sort.Strings(got)
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s (%s declared %s): fired\n got %v\nwant %v", s.inc.ID, s.sev, s.inc.CreatedAt.Format(time.TimeOnly), got, want)
		}
		wantChanges := 0
		if upgraded {
			wantChanges, upgrades = 1, upgrades+1
		}
		if changes != wantChanges {
			t.Errorf("%s: %d severity changes, want %d", s.inc.ID, changes, wantChanges)
		}
	}
	var firings, rows, org2rows int
	c := h.conn
	if err := c.QueryRow(ctx, `SELECT count(*) FROM firings`).Scan(&firings); err != nil {
		t.Fatal(err)
	}
	if err := c.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE org_id = 1 AND channel = 'ops'`).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if err := c.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE org_id = 2`).Scan(&org2rows); err != nil {
		t.Fatal(err)
	}
	org1 := 0
	for _, s := range incs {
		if s.inc.OrgID == 1 {
			k, _ := expectedKeys(s.sev, s.inc.CreatedAt, T)
			org1 += len(k)
		}
	}
	if firings != total || rows != org1 || org2rows != 0 {
		t.Errorf("firings %d (want %d), org 1 outbox rows %d (want %d), org 2 rows %d (want 0)", firings, total, rows, org1, org2rows)
	}
	if !t.Failed() {
		t.Logf("expected firings %d (%d auto-applied upgrades), all present once; outbox rows %d", total, upgrades, rows)
	}
}
