package policystore

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// savedPolicies is a Reader over saved versions that counts its reads.
type savedPolicies struct {
	versions map[int][]byte
	reads    int
}

func (s *savedPolicies) LatestPolicy(_ context.Context, _ int64) (store.PolicyRecord, error) {
	s.reads++
	latest := 0
	for v := range s.versions {
		latest = max(latest, v)
	}
	if latest == 0 {
		return store.PolicyRecord{}, store.ErrNotFound
	}
	return store.PolicyRecord{Version: latest, Body: s.versions[latest]}, nil
}

func (s *savedPolicies) PolicyVersion(_ context.Context, _ int64, v int) (store.PolicyRecord, error) {
	s.reads++
	body, ok := s.versions[v]
	if !ok {
		return store.PolicyRecord{}, store.ErrNotFound
	}
	return store.PolicyRecord{Version: v, Body: body}, nil
}

func saved(t *testing.T, versions ...int) *savedPolicies {
	t.Helper()
	s := &savedPolicies{versions: map[int][]byte{}}
	for _, v := range versions {
		p := policy.Default()
		p.Version = v
		body, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		s.versions[v] = body
	}
	return s
}

func TestCurrentIsTheNewestSavedOrTheDefault(t *testing.T) {
	ctx := context.Background()
	if p, err := Current(ctx, saved(t), 1); err != nil || p.Version != 1 {
		t.Fatalf("nothing saved: version %d (%v), want the default, 1", p.Version, err)
	}
	if p, err := Current(ctx, saved(t, 2, 3), 1); err != nil || p.Version != 3 {
		t.Fatalf("versions 2 and 3 saved: version %d (%v), want 3", p.Version, err)
	}
}

// An incident runs under the version it recorded; a version the store no
// longer has falls back to the current policy.
func TestVersionIsTheIncidentsOwn(t *testing.T) {
	ctx := context.Background()
	r := saved(t, 2, 3)
	for _, c := range []struct{ recorded, want int }{{0, 1}, {1, 1}, {2, 2}, {3, 3}, {7, 3}} {
		if p, err := Version(ctx, r, 1, c.recorded); err != nil || p.Version != c.want {
			t.Errorf("recorded %d: version %d (%v), want %d", c.recorded, p.Version, err, c.want)
		}
	}
}

func TestCacheReadsEachVersionOnce(t *testing.T) {
	ctx := context.Background()
	r := saved(t, 2)
	c := NewCache(r, 1)
	for range 3 {
		if p, err := c.Get(ctx, 2); err != nil || p.Version != 2 {
			t.Fatalf("version %d (%v), want 2", p.Version, err)
		}
	}
	if r.reads != 1 {
		t.Fatalf("%d store reads for one version, want 1", r.reads)
	}
}

func TestStoreErrorsAreReturned(t *testing.T) {
	broken := errors.New("store down")
	if _, err := Current(context.Background(), failing{broken}, 1); !errors.Is(err, broken) {
		t.Fatalf("Current: %v", err)
	}
	if _, err := NewCache(failing{broken}, 1).Get(context.Background(), 2); !errors.Is(err, broken) {
		t.Fatalf("Cache.Get: %v", err)
	}
}

type failing struct{ err error }

func (f failing) LatestPolicy(context.Context, int64) (store.PolicyRecord, error) {
	return store.PolicyRecord{}, f.err
}
func (f failing) PolicyVersion(context.Context, int64, int) (store.PolicyRecord, error) {
	return store.PolicyRecord{}, f.err
}
