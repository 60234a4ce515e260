package demo

import (
	"context"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// The demo fills an empty org once, with its history (all resolved) and the
// scenarios' statuses, and never touches an org that has incidents.
func TestSeedFillsAnEmptyOrgOnly(t *testing.T) {
	ctx := context.Background()
	st := testsqlite.Open(t)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	total := pastCount + len(Scenarios)
	if n, err := Seed(ctx, st, 1, "ada", now); err != nil || n != total {
		t.Fatalf("first seed: %d (%v), want %d", n, err, total)
	}
	page, err := st.ListIncidents(ctx, 1, store.Filter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[incident.Status]int{}
	for _, inc := range page.Items {
		statuses[inc.Status]++
		if !inc.CreatedAt.Before(now) {
			t.Errorf("%s: created at %s", inc.Title, inc.CreatedAt)
		}
	}
	want := map[incident.Status]int{incident.Resolved: pastCount}
	for _, d := range Scenarios {
		want[d.Status]++
	}
	if len(page.Items) != total || len(statuses) != len(want) {
		t.Errorf("%d incidents by status %v, want %v", len(page.Items), statuses, want)
	}
	for s, n := range want {
		if statuses[s] != n {
			t.Errorf("%d incidents %s, want %d", statuses[s], s, n)
		}
	}
	if n, err := Seed(ctx, st, 1, "ada", now); err != nil || n != 0 {
		t.Fatalf("second seed: %d (%v), want 0", n, err)
	}
	if n, err := Seed(ctx, st, 2, "ada", now); err != nil || n != total {
		t.Fatalf("another org: %d (%v)", n, err)
	}
}

// Every scenario's metrics agree with its incident: the trouble starts before
// the declaration, breaches the default policy's thresholds (but for the
// cosmetic P4), is over before a resolved incident's graphs end, and lies
// inside the history the demo fleet backfills.
func TestScenariosMatchTheirIncidents(t *testing.T) {
	th := policy.DefaultThresholds()
	for _, s := range Scenarios {
		if s.Onset < s.Ago || s.Onset+graphLead > History() {
			t.Errorf("%s: onset %s, declared %s ago, history %s", s.Title, s.Onset, s.Ago, History())
		}
		if s.Recovered != 0 && s.Recovered >= s.Onset {
			t.Errorf("%s: recovered %s ago, before its onset %s ago", s.Title, s.Recovered, s.Onset)
		}
		breach := s.Trouble.ErrorRatio > th.ErrorRateHigh || s.Trouble.Latency > th.LatencyP99.D()
		if breach == (s.Severity == incident.P4) {
			t.Errorf("%s (%s): trouble %+v breaches the thresholds: %v", s.Title, s.Severity, s.Trouble, breach)
		}
		if s.Healthy.ErrorRatio > th.ErrorRateElevated || s.Healthy.Latency > th.LatencyP99.D() {
			t.Errorf("%s: healthy load %+v is not healthy", s.Title, s.Healthy)
		}
		for ago, want := range map[time.Duration]Load{s.Onset + time.Minute: s.Healthy, s.Onset - time.Minute: s.Trouble, 0: s.Healthy} {
			if ago == 0 && s.Recovered == 0 {
				want = s.Trouble
			}
			if got := s.LoadAt(ago); got != want {
				t.Errorf("%s: %s ago %+v, want %+v", s.Title, ago, got, want)
			}
		}
	}
}
