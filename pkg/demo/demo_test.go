package demo

import (
	"context"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// The demo fills an empty org once, with the scenarios' statuses, and never
// touches an org that has incidents.
func TestSeedFillsAnEmptyOrgOnly(t *testing.T) {
	ctx := context.Background()
	st := testsqlite.Open(t)
	now := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	if n, err := Seed(ctx, st, 1, "ada", now); err != nil || n != len(demoIncidents) {
		t.Fatalf("first seed: %d (%v), want %d", n, err, len(demoIncidents))
	}
	page, err := st.ListIncidents(ctx, 1, store.Filter{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[incident.Status]int{}
	for _, inc := range page.Items {
		statuses[inc.Status]++
		if inc.CreatedBy != "ada" || !inc.CreatedAt.Before(now) {
			t.Errorf("%s: created by %q at %s", inc.Title, inc.CreatedBy, inc.CreatedAt)
		}
	}
	want := map[incident.Status]int{}
	for _, d := range demoIncidents {
		want[d.status]++
	}
	for s, n := range want {
		if statuses[s] != n {
			t.Errorf("%d incidents %s, want %d", statuses[s], s, n)
		}
	}
	if n, err := Seed(ctx, st, 1, "ada", now); err != nil || n != 0 {
		t.Fatalf("second seed: %d (%v), want 0", n, err)
	}
	if n, err := Seed(ctx, st, 2, "ada", now); err != nil || n != len(demoIncidents) {
		t.Fatalf("another org: %d (%v)", n, err)
	}
}
