package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

// TestEventsArePaged: a timeline of 1,201 events comes in pages of at most
// 500, each saying whether another follows and where it starts, and the
// pages together are the timeline once, in order.
func TestEventsArePaged(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "chatty incident")
	notes := make([]store.NewEvent, 1200)
	for i := range notes {
		notes[i] = store.NewEvent{Kind: incident.EventNote, Author: "bob", At: time.Now().UTC(), Payload: map[string]any{"text": fmt.Sprint(i)}}
	}
	if _, err := a.API.Store.AppendEvents(t.Context(), 1, id, notes); err != nil {
		t.Fatal(err)
	}

	var seqs []float64
	path := "/incidents/" + id + "/events"
	for pages := 1; ; pages++ {
		r := a.Call(t, apitest.Viewer, "GET", path, "")
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		m := r.JSON(t)
		items := m["items"].([]any)
		if len(items) > 500 {
			t.Fatalf("page %d holds %d events, more than 500", pages, len(items))
		}
		for _, it := range items {
			seqs = append(seqs, it.(map[string]any)["seq"].(float64))
		}
		if m["hasMore"] != true {
			if _, ok := m["nextAfter"]; ok || pages != 3 {
				t.Fatalf("last page %d: %v", pages, m)
			}
			break
		}
		next, ok := m["nextAfter"].(float64)
		if !ok || next != seqs[len(seqs)-1] {
			t.Fatalf("page %d: nextAfter %v, want the last seq %v", pages, m["nextAfter"], seqs[len(seqs)-1])
		}
		path = fmt.Sprintf("/incidents/%s/events?after=%d", id, int(next))
	}
	if len(seqs) != 1201 {
		t.Fatalf("%d events over the pages, want 1201", len(seqs))
	}
	for i, s := range seqs {
		if s != float64(i+1) {
			t.Fatalf("event %d has seq %v: pages overlap or skip", i, s)
		}
	}

	small := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/events?after=1199&limit=1", "").JSON(t)
	if items := small["items"].([]any); len(items) != 1 || small["hasMore"] != true || small["nextAfter"] != float64(1200) {
		t.Errorf("after=1199&limit=1: %v", small)
	}
	if last := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/events?after=1201", "").JSON(t); len(last["items"].([]any)) != 0 || last["hasMore"] != false {
		t.Errorf("after the last event: %v", last)
	}

	for q, field := range map[string]string{"limit=0": "limit", "limit=501": "limit", "limit=ten": "limit", "after=-1": "after", "after=x": "after"} {
		r := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/events?"+q, "")
		if r.Status != http.StatusBadRequest || fmt.Sprint(r.FieldPaths(t)) != "["+field+"]" {
			t.Errorf("?%s: %d %s, want 400 naming %s", q, r.Status, r.Body, field)
		}
	}
	if r := a.Call(t, apitest.Viewer, "GET", "/incidents/INC-2026-01-01-999/events", ""); r.Status != http.StatusNotFound {
		t.Errorf("unknown incident: %d %s", r.Status, r.Body)
	}
	if r := a.Call(t, apitest.Caller{OrgID: 2, Login: "olga", Role: "Viewer"}, "GET", "/incidents/"+id+"/events", ""); r.Status != http.StatusNotFound {
		t.Errorf("another org's incident: %d %s", r.Status, r.Body)
	}
}

// TestTimersReadTimelinesInOneBatch: the panel's GET /timers reads the
// timer events of all its incidents in one store call, never a timeline per
// incident, and still sees each incident's facts.
func TestTimersReadTimelinesInOneBatch(t *testing.T) {
	a := apitest.New(t)
	declaredAt := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	a.API.Now = func() time.Time { return declaredAt.Add(10 * time.Minute) }
	var ids []string
	for i := range 4 {
		id, _ := a.Declare(t, apitest.Editor, fmt.Sprintf("incident %d", i))
		ids = append(ids, id)
	}
	// A status update on one: its update timer restarts from it.
	if _, err := a.API.Store.AppendEvents(t.Context(), 1, ids[2], []store.NewEvent{{Kind: incident.EventStatusUpdate, Author: "ada",
		At: a.API.Now(), Payload: map[string]any{"subject": "s", "body": "b"}}}); err != nil {
		t.Fatal(err)
	}
	counting := &storetest.ReadCounter{Store: a.API.Store}
	a.API.Store = counting

	r := a.Call(t, apitest.Viewer, "GET", "/timers?limit=10", "")
	if r.Status != http.StatusOK {
		t.Fatalf("GET /timers: %d %s", r.Status, r.Body)
	}
	if n, b := counting.Lists.Load(), counting.Batches.Load(); n != 0 || b != 1 {
		t.Fatalf("4 incidents: %d whole-timeline reads and %d batched reads, want 0 and 1", n, b)
	}
	items := r.JSON(t)["items"].([]any)
	if len(items) != 4 {
		t.Fatalf("%d rows, want 4", len(items))
	}
	for _, it := range items {
		row := it.(map[string]any)
		if row["incident"].(map[string]any)["id"] != ids[2] {
			continue
		}
		for _, tm := range row["timers"].([]any) {
			tm := tm.(map[string]any)
			if tm["kind"] == "update" && !parseTime(t, tm["due"]).Equal(a.API.Now().Add(30*time.Minute)) {
				t.Errorf("the update timer ignores the status update: due %v", tm["due"])
			}
		}
	}
	_, _ = timersOf(t, a, apitest.Viewer, ids[0])
	if n, b := counting.Lists.Load(), counting.Batches.Load(); n != 0 || b != 2 {
		t.Errorf("one incident's timers: %d whole-timeline reads and %d batched reads in all, want 0 and 2", n, b)
	}
}
