package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
	"github.com/warroom/warroom-incident-app/pkg/timers/board"
)

// computedOnly hides the timers the scheduler stored, so GET /timers and
// GET /incidents compute every row (board.Compute) and order the panel in
// Go (board.SortByUrgency): the reference the stored path must equal.
type computedOnly struct{ store.Store }

func (c computedOnly) UrgentIncidents(ctx context.Context, orgID int64, q store.UrgentQuery) (store.Page, error) {
	f := store.Filter{Statuses: store.ActiveStatuses, Severities: q.Severities, Limit: 500}
	if len(q.Services) == 1 {
		f.Service = q.Services[0]
	}
	return c.ListIncidents(ctx, orgID, f)
}

func (c computedOnly) ListIncidents(ctx context.Context, orgID int64, f store.Filter) (store.Page, error) {
	f.TimersAt = time.Time{}
	return c.Store.ListIncidents(ctx, orgID, f)
}

// The panel and the list answer from the timers the scheduler stored
// exactly what they answer computing every incident: the same rows in the
// same order (the store's urgency order is SortByUrgency's), the same
// timers. Checked when every projection holds, and later, when some fell
// due and are computed and merged in; on both stores.
func TestStoredTimersAnswerAsComputed(t *testing.T) {
	for _, e := range apitest.Engines {
		t.Run(e.Name, func(t *testing.T) {
			a := apitest.NewOn(t, e)
			start := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
			now := start
			a.API.Now = func() time.Time { return now }
			for i := range 24 {
				now = start.Add(time.Duration(i) * 7 * time.Minute)
				sev := incident.Severities[i%4]
				r := a.Call(t, apitest.Editor, "POST", "/incidents",
					fmt.Sprintf(`{"title":"incident %d","severity":%q,"services":["svc-%d"]}`, i, sev, i%3))
				if r.Status != http.StatusCreated {
					t.Fatalf("declare: %d %s", r.Status, r.Body)
				}
				if i%5 == 4 {
					id := r.JSON(t)["id"].(string)
					if r := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, `{"version":1,"status":"resolved"}`); r.Status != http.StatusOK {
						t.Fatalf("resolve: %d %s", r.Status, r.Body)
					}
				}
			}
			st := a.API.Store
			now = start.Add(170 * time.Minute)
			tick := &scheduler.Scheduler{Store: st}
			for range 2 { // the second tick projects what the first one's firings made dirty
				if _, err := tick.Tick(t.Context(), now); err != nil {
					t.Fatal(err)
				}
			}
			paths := []string{"/timers?limit=100", "/timers?limit=5", "/timers?severity=P1,P2&limit=3",
				"/timers?service=svc-1&limit=100", "/incidents", "/incidents?status=investigating,identified,monitoring&sort=severity"}
			for _, later := range []time.Duration{0, 3 * time.Minute, 40 * time.Minute} {
				now = start.Add(170*time.Minute + later)
				page, err := st.UrgentIncidents(t.Context(), 1, store.UrgentQuery{Now: now, Limit: 100})
				if err != nil {
					t.Fatal(err)
				}
				// Right after the tick every row is stored; 40 minutes on, some fell due.
				if stored := len(page.Timers); (later == 0 && stored != page.Total) || (later > 0 && (stored == 0 || stored == page.Total)) {
					t.Fatalf("+%v: %d of %d incidents with stored timers", later, stored, page.Total)
				}
				if later == 0 { // every row stored: the store's order alone is SortByUrgency's
					rows, err := board.Page(t.Context(), st, 1, page, now)
					if err != nil {
						t.Fatal(err)
					}
					board.SortByUrgency(rows)
					for i, row := range rows {
						if row.Incident.ID != page.Items[i].ID {
							t.Fatalf("store order %v\ndiffers from SortByUrgency at %d (%s)", ids(page.Items), i, row.Incident.ID)
						}
					}
				}
				states := map[string]bool{}
				for _, path := range paths {
					a.API.Store = st
					stored := a.Call(t, apitest.Viewer, "GET", path, "")
					a.API.Store = computedOnly{st}
					computed := a.Call(t, apitest.Viewer, "GET", path, "")
					if stored.Status != http.StatusOK || !reflect.DeepEqual(stored.JSON(t), computed.JSON(t)) {
						t.Errorf("+%v %s from stored timers:\n%s\ncomputed:\n%s", later, path, stored.Body, computed.Body)
					}
					collectStates(t, stored.Body, states)
				}
				// The scenario must exercise the order: rows in every running state.
				for _, s := range []string{"breached", "warning", "ok"} {
					if !states[s] {
						t.Errorf("+%v: no timer %s; the scenario no longer covers the order", later, s)
					}
				}
			}
		})
	}
}

// Resolved incidents keep a running post-mortem timer, which the list
// shows: the scheduler projects them too, so a page of resolved incidents is
// one store call with no events read, and a post-mortem saved complete (but
// its step not marked) reads as written, before and after the tick, on both
// stores.
func TestResolvedRowsAnswerFromTheirProjection(t *testing.T) {
	for _, e := range apitest.Engines {
		t.Run(e.Name, func(t *testing.T) {
			a := apitest.NewOn(t, e)
			now := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
			a.API.Now = func() time.Time { return now }
			written, _ := a.Declare(t, apitest.Editor, "checkout 502s")
			pending, _ := a.Declare(t, apitest.Editor, "search latency")
			now = now.Add(time.Hour)
			for _, id := range []string{written, pending} {
				if r := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, `{"version":1,"status":"resolved"}`); r.Status != http.StatusOK {
					t.Fatalf("resolve: %d %s", r.Status, r.Body)
				}
			}
			doc := `{"version":0,"doc":{"summary":"Pool exhausted.","whys":["idle backends held connections"]}}`
			if r := a.Call(t, apitest.Editor, "PUT", "/incidents/"+written+"/postmortem", doc); r.Status != http.StatusOK {
				t.Fatalf("post-mortem: %d %s", r.Status, r.Body)
			}
			now = now.Add(time.Hour)
			check := func(when string) {
				t.Helper()
				var page struct {
					Items []IncidentRowDeadline `json:"items"`
				}
				r := a.Call(t, apitest.Viewer, "GET", "/incidents?status=resolved", "")
				if err := json.Unmarshal(r.Body, &page); err != nil || len(page.Items) != 2 {
					t.Fatalf("%s: %v %s", when, err, r.Body)
				}
				for _, row := range page.Items {
					switch {
					case row.ID == written && row.NextDeadline != nil:
						t.Errorf("%s: the written post-mortem still runs: %+v", when, row.NextDeadline)
					case row.ID == pending && (row.NextDeadline == nil || row.NextDeadline.Kind != "postmortem" || row.NextDeadline.State != "ok"):
						t.Errorf("%s: the pending post-mortem: %+v, want due and ok", when, row.NextDeadline)
					}
				}
			}
			check("before a tick") // computed: nothing stored yet
			st := a.API.Store
			if _, err := (&scheduler.Scheduler{Store: st}).Tick(t.Context(), now); err != nil {
				t.Fatal(err)
			}
			counting := &storetest.ReadCounter{Store: st}
			a.API.Store = counting
			check("after a tick")
			if n := counting.Batches.Load(); n != 0 {
				t.Errorf("a page of projected resolved incidents read events %d times", n)
			}
		})
	}
}

// IncidentRowDeadline is the part of a list row these tests read.
type IncidentRowDeadline struct {
	ID           string `json:"id"`
	NextDeadline *struct {
		Kind  string `json:"kind"`
		State string `json:"state"`
	} `json:"nextDeadline"`
}

func ids(incs []incident.Incident) []string {
	out := make([]string, len(incs))
	for i, inc := range incs {
		out[i] = inc.ID
	}
	return out
}

func collectStates(t *testing.T, body []byte, into map[string]bool) {
	t.Helper()
	var m struct {
		Items []struct {
			Timers []struct {
				State string `json:"state"`
			} `json:"timers"`
		} `json:"items"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	for _, it := range m.Items {
		for _, tm := range it.Timers {
			into[tm.State] = true
		}
	}
}
