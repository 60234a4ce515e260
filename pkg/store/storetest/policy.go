package storetest

import (
	"errors"
	"sync"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

func testPolicyVersions(t *testing.T, st store.Store) {
	ctx := t.Context()
	if _, err := st.LatestPolicy(ctx, 1); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no saved policy: want ErrNotFound, got %v", err)
	}
	v2, err := st.SavePolicy(ctx, 1, 1, []byte(`{"labels":"P","n":2}`), "ada", day0)
	if err != nil || v2.Version != 2 || !v2.CreatedAt.Equal(us(day0)) {
		t.Fatalf("first save: %+v %v", v2, err)
	}
	if _, err := st.SavePolicy(ctx, 1, 1, []byte(`{"n":"stale"}`), "bob", day0); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("stale save: want ErrConflict, got %v", err)
	}
	if _, err := st.SavePolicy(ctx, 1, 2, []byte(`{"labels":"SEV","n":3}`), "ada", day0); err != nil {
		t.Fatal(err)
	}
	latest, err := st.LatestPolicy(ctx, 1)
	if err != nil || latest.Version != 3 || string(latest.Body) != `{"labels":"SEV","n":3}` || latest.CreatedBy != "ada" {
		t.Fatalf("latest: %+v %v", latest, err)
	}
	old, err := st.PolicyVersion(ctx, 1, 2)
	if err != nil || string(old.Body) != `{"labels":"P","n":2}` {
		t.Fatalf("old version must stay readable: %+v %v", old, err)
	}
	if _, err := st.PolicyVersion(ctx, 1, 9); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("missing version: %v", err)
	}
	// Org 2 sees none of org 1's versions and starts its own history at 2.
	if _, err := st.LatestPolicy(ctx, 2); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("org 2 sees org 1's policy: %v", err)
	}
	if _, err := st.PolicyVersion(ctx, 2, 2); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("org 2 reads org 1's version: %v", err)
	}
	if rec, err := st.SavePolicy(ctx, 2, 1, []byte(`{}`), "o2", day0); err != nil || rec.Version != 2 {
		t.Fatalf("org 2 first save: %+v %v", rec, err)
	}
	if _, err := st.SavePolicy(ctx, 2, 2, []byte(`not json`), "o2", day0); err == nil {
		t.Fatal("a body that is not JSON must be refused")
	}
}

func testConcurrentPolicySaves(t *testing.T, st store.Store) {
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok, conflicts := 0, 0
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := st.SavePolicy(t.Context(), 1, 1, []byte(`{}`), "ada", day0)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, store.ErrConflict):
				conflicts++
			default:
				t.Errorf("unexpected error: %v", err)
			}
		}()
	}
	wg.Wait()
	if ok != 1 || conflicts != 9 {
		t.Fatalf("10 racing saves: %d succeeded, %d conflicted; want 1 and 9", ok, conflicts)
	}
}
