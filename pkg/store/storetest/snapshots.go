package storetest

import (
	"bytes"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// RunSnapshots runs the org settings snapshot cases (migration 0006), each
// on a fresh store. Implementations call it beside Run.
func RunSnapshots(t *testing.T, open Open) {
	t.Run("OrgSnapshots", func(t *testing.T) { testOrgSnapshots(t, open(t)) })
}

func testOrgSnapshots(t *testing.T, st store.Store) {
	ctx := t.Context()
	if got, err := st.OrgSnapshots(ctx); err != nil || len(got) != 0 {
		t.Fatalf("empty store: %v %v", got, err)
	}
	put := func(org int64, updated time.Time, body string, sealed []byte) bool {
		t.Helper()
		ok, err := st.PutOrgSnapshot(ctx, store.OrgSnapshot{OrgID: org, Updated: updated, Body: []byte(body), Sealed: sealed, SavedAt: day0})
		if err != nil {
			t.Fatalf("put org %d: %v", org, err)
		}
		return ok
	}
	t1 := day0.Add(-time.Hour)
	if !put(2, t1, `{"v":1}`, []byte{1, 0, 255}) || !put(1, t1, `{"o":1}`, nil) {
		t.Fatal("first snapshots not stored")
	}
	if put(2, t1.Add(-time.Millisecond), `{"v":"older"}`, nil) {
		t.Fatal("an older snapshot replaced a newer one")
	}
	if !put(2, t1, `{"v":2}`, []byte{2}) {
		t.Fatal("a snapshot with the same Updated was not stored (the latest instance's view wins)")
	}
	if !put(2, t1.Add(time.Second), `{"v":3}`, nil) {
		t.Fatal("a newer snapshot was not stored")
	}
	got, err := st.OrgSnapshots(ctx)
	if err != nil || len(got) != 2 {
		t.Fatalf("snapshots: %+v %v", got, err)
	}
	if got[0].OrgID != 1 || string(got[0].Body) != `{"o":1}` || got[0].Sealed != nil || !got[0].Updated.Equal(us(t1)) {
		t.Fatalf("org 1: %+v", got[0])
	}
	if got[1].OrgID != 2 || string(got[1].Body) != `{"v":3}` || len(got[1].Sealed) != 0 || !got[1].Updated.Equal(us(t1.Add(time.Second))) || !got[1].SavedAt.Equal(us(day0)) {
		t.Fatalf("org 2: %+v", got[1])
	}
	if !put(2, t1.Add(2*time.Second), `{"v":4}`, []byte{9, 8}) {
		t.Fatal("not stored")
	}
	got, _ = st.OrgSnapshots(ctx)
	if !bytes.Equal(got[1].Sealed, []byte{9, 8}) {
		t.Fatalf("sealed bytes %v", got[1].Sealed)
	}
}
