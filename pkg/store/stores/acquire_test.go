package stores_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

// Acquire shares one store per location between plugin instances and closes
// it with the last release. Lives here because package store cannot import
// an implementation.
func TestAcquireSharesOneStorePerFile(t *testing.T) {
	var opens, closes atomic.Int32
	open := func(ctx context.Context, cfg store.Config) (store.Store, error) {
		opens.Add(1)
		st, err := stores.Open(ctx, cfg)
		if err != nil {
			return nil, err
		}
		return countClose{st, &closes}, nil
	}
	dir := t.TempDir()
	cfg := store.Config{SQLitePath: filepath.Join(dir, "warroom.db")}
	// The same file named another way is the same location.
	alias := store.Config{SQLitePath: filepath.Join(dir, ".", "sub", "..", "warroom.db")}

	const n = 10
	handles := make([]store.Store, n)
	releases := make([]func(), n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := cfg
			if i%2 == 1 {
				c = alias
			}
			var err error
			if handles[i], releases[i], err = store.Acquire(t.Context(), c, open); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if opens.Load() != 1 {
		t.Fatalf("%d instances opened the file %d times, want once", n, opens.Load())
	}
	inc, err := handles[0].CreateIncident(t.Context(), 1, store.NewIncident{Title: "shared"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Closing a handle releases it (twice is harmless) and fails only that handle.
	handles[0].Close()
	releases[0]()
	if _, err := handles[0].GetIncident(t.Context(), 1, inc.ID); err == nil {
		t.Fatal("a released handle still works")
	}
	if _, err := handles[0].SavePolicy(t.Context(), 1, 1, []byte(`{}`), "ada", inc.CreatedAt); err == nil {
		t.Fatal("a released handle still saves policies")
	}
	if _, err := handles[0].LatestPolicy(t.Context(), 1); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a released handle still reads policies: %v", err)
	}
	if _, err := handles[0].PolicyVersion(t.Context(), 1, 2); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a released handle still reads policy versions: %v", err)
	}
	// The policy methods reach the shared store through the other handles.
	if _, err := handles[1].SavePolicy(t.Context(), 1, 1, []byte(`{"via":1}`), "ada", inc.CreatedAt); err != nil {
		t.Fatal(err)
	}
	if rec, err := handles[2].PolicyVersion(t.Context(), 1, 2); err != nil || string(rec.Body) != `{"via":1}` {
		t.Fatalf("policy saved through one handle, read through another: %+v %v", rec, err)
	}
	if rec, err := handles[3].LatestPolicy(t.Context(), 1); err != nil || rec.Version != 2 {
		t.Fatalf("latest policy through another handle: %+v %v", rec, err)
	}
	for i := 1; i < n-1; i++ {
		releases[i]()
	}
	if closes.Load() != 0 {
		t.Fatal("the store was closed while an instance still holds it")
	}
	if _, err := handles[n-1].GetIncident(t.Context(), 1, inc.ID); err != nil {
		t.Fatalf("the last holder cannot read: %v", err)
	}
	releases[n-1]()
	if closes.Load() != 1 {
		t.Fatalf("closed %d times after the last release, want 1", closes.Load())
	}
	// A later instance opens it afresh.
	h, release, err := store.Acquire(t.Context(), cfg, open)
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	if _, err := h.GetIncident(t.Context(), 1, inc.ID); err != nil || opens.Load() != 2 {
		t.Fatalf("reacquire: %v, opens %d", err, opens.Load())
	}
}

func TestAcquireNeedsALocation(t *testing.T) {
	if _, _, err := stores.Acquire(t.Context(), store.Config{}); err == nil {
		t.Fatal("Acquire with no DSN and no path succeeded")
	}
}

type countClose struct {
	store.Store
	n *atomic.Int32
}

func (c countClose) Close() error {
	c.n.Add(1)
	return c.Store.Close()
}
