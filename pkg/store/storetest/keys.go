package storetest

import (
	"errors"
	"sync"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// testKeys: a held dedup key makes a second create fail without storing
// anything or using up an id; release frees it only for its holder.
func testKeys(t *testing.T, st store.Store) {
	ctx := t.Context()
	n := newInc("alert group", day0)
	n.Key = "grafana:{}:{alertname=\"HighErrors\"}"
	first := mustCreate(t, st, 1, n)

	got, err := st.IncidentByKey(ctx, 1, n.Key)
	if err != nil || got.ID != first.ID {
		t.Fatalf("incident by key: got %q (%v), want %s", got.ID, err, first.ID)
	}
	_, err = st.CreateIncident(ctx, 1, n, nil)
	wantErr(t, "second create with the held key", err, store.ErrDuplicateKey)
	// The failed create gave its number back: the next incident is -002.
	next := mustCreate(t, st, 1, newInc("unrelated", day0))
	if want := "INC-2026-03-14-002"; next.ID != want {
		t.Errorf("id after a refused create: got %s, want %s", next.ID, want)
	}
	// Another org has its own keys.
	if _, err := st.IncidentByKey(ctx, 2, n.Key); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("key of org 1 seen from org 2: %v", err)
	}
	mustCreate(t, st, 2, n)

	// Releasing for an incident that does not hold the key frees nothing.
	if err := st.ReleaseKey(ctx, 1, n.Key, next.ID); err != nil {
		t.Fatalf("release by non-holder: %v", err)
	}
	if got, err := st.IncidentByKey(ctx, 1, n.Key); err != nil || got.ID != first.ID {
		t.Fatalf("after a non-holder release: got %q (%v), want %s still holding", got.ID, err, first.ID)
	}
	if err := st.ReleaseKey(ctx, 1, n.Key, first.ID); err != nil {
		t.Fatalf("release: %v", err)
	}
	if _, err := st.IncidentByKey(ctx, 1, n.Key); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("released key still found: %v", err)
	}
	if err := st.ReleaseKey(ctx, 1, n.Key, first.ID); err != nil {
		t.Fatalf("releasing a free key: %v", err)
	}
	again := mustCreate(t, st, 1, n)
	if got, err := st.IncidentByKey(ctx, 1, n.Key); err != nil || got.ID != again.ID {
		t.Fatalf("re-claimed key: got %q (%v), want %s", got.ID, err, again.ID)
	}
	if got, err := st.IncidentByKey(ctx, 2, n.Key); err != nil || got.OrgID != 2 {
		t.Fatalf("org 2 key after org 1 churn: %+v (%v)", got, err)
	}
}

// testConcurrentKeyClaims: 20 creates racing for one key store one incident.
func testConcurrentKeyClaims(t *testing.T, st store.Store) {
	const racers = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	won, dup := 0, 0
	for i := 0; i < racers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := newInc("racing alert", day0)
			n.Key = "group-1"
			_, err := st.CreateIncident(t.Context(), 1, n, nil)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				won++
			case errors.Is(err, store.ErrDuplicateKey):
				dup++
			default:
				t.Errorf("create: %v", err)
			}
		}()
	}
	wg.Wait()
	if won != 1 || dup != racers-1 {
		t.Fatalf("racing claims: %d created, %d duplicates; want 1 and %d", won, dup, racers-1)
	}
	page, err := st.ListIncidents(t.Context(), 1, store.Filter{})
	if err != nil || page.Total != 1 {
		t.Fatalf("incidents after racing claims: %d (%v), want 1", page.Total, err)
	}
}
