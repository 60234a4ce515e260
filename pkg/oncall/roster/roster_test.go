package roster_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/oncall/roster"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// teams stands in for Grafana's team API (pkg/grafanaapi, tested against
// the test bed's stand-in): no Grafana server runs here.
type teams map[string][]string

func (t teams) Members(_ context.Context, _ int64, id string) ([]string, error) {
	if id == "broken" {
		return nil, errors.New("grafanaapi: Grafana unavailable")
	}
	return t[id], nil
}

func TestTargetsResolveToPeopleAndTheirMethods(t *testing.T) {
	ctx := t.Context()
	st := testsqlite.Open(t)
	now := time.Date(2026, 12, 8, 3, 0, 0, 0, time.UTC)
	primary := schedule.Schedule{ID: "primary", Name: "Primary", TimeZone: "Europe/Berlin",
		Layers:    []schedule.Layer{{Name: "w", Rotation: &schedule.Rotation{Participants: []string{"alice", "carol"}, Every: 1, Unit: "weeks", Start: "2026-11-30T09:00"}}},
		Overrides: []schedule.Override{{ID: "o", User: "dave", Start: now.Add(-time.Hour), End: now.Add(time.Hour)}}}
	empty := schedule.Schedule{ID: "empty", Name: "Ended", TimeZone: "UTC",
		Layers: []schedule.Layer{{Name: "w", Rotation: &schedule.Rotation{Participants: []string{"x"}, Every: 1, Unit: "days", Start: "2026-01-01T00:00", End: "2026-01-02T00:00"}}}}
	for _, s := range []schedule.Schedule{primary, empty} {
		body, _ := json.Marshal(s)
		if _, err := st.SaveSchedule(ctx, 1, store.ScheduleRecord{ID: s.ID, Name: s.Name, Body: body, UpdatedBy: "ada", UpdatedAt: now}, 0); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []store.ContactMethod{{ID: "mail", Login: "dave", Kind: "email", Config: []byte(`{"address":"d@example.com"}`)},
		{ID: "push", Login: "dave", Kind: "ntfy", Config: []byte(`{}`), Position: 1}, {ID: "mail", Login: "bob", Kind: "email", Config: []byte(`{}`)}} {
		if _, err := st.PutContactMethod(ctx, 1, m); err != nil {
			t.Fatal(err)
		}
	}
	r := roster.Roster{Store: st, Teams: teams{"7": {"bob", "erin"}}}
	targets := []policy.Target{{Kind: "schedule", ID: "primary"}, {Kind: "schedule", ID: "empty"}, {Kind: "schedule", ID: "gone"},
		{Kind: "user", ID: "bob"}, {Kind: "team", ID: "7"}, {Kind: "team", ID: "broken"}}
	res, err := r.Resolve(ctx, 1, targets, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []paging.Reach{
		{Target: targets[0], People: []string{"dave"}},
		{Target: targets[1], People: []string{}, Problem: "nobody is on call in schedule empty"},
		{Target: targets[2], People: []string{}, Problem: "schedule gone no longer exists"},
		{Target: targets[3], People: []string{"bob"}},
		{Target: targets[4], People: []string{"bob", "erin"}},
		{Target: targets[5], People: []string{}, Problem: "team broken could not be read: grafanaapi: Grafana unavailable"},
	}
	if !reflect.DeepEqual(res.Reaches, want) {
		t.Fatalf("reaches\n%+v\nwant\n%+v", res.Reaches, want)
	}
	if got := res.Methods["dave"]; len(got) != 2 || got[0].Kind != "email" || got[1].Kind != "ntfy" {
		t.Errorf("dave's methods %+v", got)
	}
	// Org 2 shares nothing with org 1.
	res2, err := r.Resolve(ctx, 2, targets[:1], now)
	if err != nil || res2.Reaches[0].Problem != "schedule primary no longer exists" {
		t.Errorf("org 2: %+v %v", res2, err)
	}
	// Without Grafana's team API, a team target says so.
	noTeams, _ := roster.Roster{Store: st}.Resolve(ctx, 1, targets[4:5], now)
	if noTeams.Reaches[0].Problem == "" {
		t.Errorf("team without an API: %+v", noTeams.Reaches[0])
	}
}
