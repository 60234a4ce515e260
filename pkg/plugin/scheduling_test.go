package plugin

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

func schedulingRefs(t *testing.T, dir string) (int, bool) {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join(dir, "warroom.db"))
	if err != nil {
		t.Fatal(err)
	}
	scheduling.mu.Lock()
	defer scheduling.mu.Unlock()
	e, ok := scheduling.byStore["sqlite\x00"+abs]
	if !ok {
		return 0, false
	}
	return e.refs, true
}

// One scheduler per store, whatever the number of org instances; it covers
// every org in the store, including one whose instance never started (after
// a restart, only the orgs that made a request have one), and stops with
// the last instance.
func TestOneSchedulerPerStoreCoversEveryOrg(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	st, release, err := stores.Acquire(ctx, store.Config{SQLitePath: filepath.Join(dir, "warroom.db")})
	if err != nil {
		t.Fatal(err)
	}
	// Org 7's P2 incident is 20 minutes past its 15-minute no-mitigation rule.
	at := time.Now().UTC().Add(-35 * time.Minute)
	inc, err := st.CreateIncident(ctx, 7, store.NewIncident{Title: "elsewhere", Severity: incident.P2, Status: incident.Investigating,
		Author: "ada", At: at, Details: incident.Details{}.Normalize()}, []store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: at}})
	if err != nil {
		t.Fatal(err)
	}
	release()

	jd, _ := json.Marshal(map[string]string{"dataDir": dir})
	newApp := func(org int64) *App {
		inst, err := NewApp(backend.WithPluginContext(ctx, backend.PluginContext{OrgID: org, PluginID: ID}), backend.AppInstanceSettings{JSONData: jd})
		if err != nil {
			t.Fatal(err)
		}
		return inst.(*App)
	}
	a1, a2 := newApp(1), newApp(2)
	if refs, ok := schedulingRefs(t, dir); !ok || refs != 2 {
		t.Fatalf("scheduler refs %d (running %v), want one scheduler used by 2 instances", refs, ok)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		evs, err := a1.store.ListEvents(ctx, 7, inc.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		fired := map[string]bool{}
		for _, e := range evs {
			if e.Kind == incident.EventEscalation {
				fired[e.Payload["key"].(string)] = true
			}
		}
		if fired["rule:p2-no-mitigation:P2"] && fired["tier:P2:1"] {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("org 7 (no instance) got no escalations: %v", evs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	a1.Dispose()
	if refs, ok := schedulingRefs(t, dir); !ok || refs != 1 {
		t.Fatalf("after one dispose: refs %d (running %v)", refs, ok)
	}
	a2.Dispose()
	if _, ok := schedulingRefs(t, dir); ok {
		t.Fatal("the scheduler still runs after the last instance was disposed")
	}
}
