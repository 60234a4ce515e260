package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Bodies whose key order, spacing and number spelling a JSON normaliser
// (jsonb, a decode/encode round trip) would change: they must come back as
// written.
const (
	policyV2 = `{"labels":"P", "n": 2, "a": {"z": [1, 2.50, "é"], "b": null}}`
	policyV3 = `{"z":"SEV","n":3,"a":{}}`
)

// samePolicy compares a record with the expected one; times by instant and
// UTC location, the body byte for byte.
func samePolicy(t *testing.T, what string, got store.PolicyRecord, version int, body, author string, at time.Time) {
	t.Helper()
	if got.Version != version || string(got.Body) != body || got.CreatedBy != author {
		t.Errorf("%s: got version %d body %q by %q, want %d %q by %q", what, got.Version, got.Body, got.CreatedBy, version, body, author)
	}
	sameTime(t, what+" CreatedAt", got.CreatedAt, us(at))
}

// mustPolicy fails the test on an error: mustPolicy(t, "what")(st.SavePolicy(…)).
func mustPolicy(t *testing.T, what string) func(store.PolicyRecord, error) store.PolicyRecord {
	return func(rec store.PolicyRecord, err error) store.PolicyRecord {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return rec
	}
}

// wantLatest requires the org's newest version to be version with body.
func wantLatest(t *testing.T, st store.Store, org int64, version int, body string) {
	t.Helper()
	rec, err := st.LatestPolicy(t.Context(), org)
	if err != nil || rec.Version != version || string(rec.Body) != body {
		t.Fatalf("latest policy of org %d: got version %d body %q (%v), want %d %q", org, rec.Version, rec.Body, err, version, body)
	}
}

func testPolicyVersions(t *testing.T, st store.Store) {
	ctx := t.Context()
	_, err := st.LatestPolicy(ctx, 1)
	wantErr(t, "latest with none saved", err, store.ErrNotFound)
	// The built-in default is version 1, but it is not a stored row.
	for _, v := range []int{0, 1, 2} {
		_, err := st.PolicyVersion(ctx, 1, v)
		wantErr(t, fmt.Sprintf("version %d with none saved", v), err, store.ErrNotFound)
	}

	v2 := mustPolicy(t, "first save")(st.SavePolicy(ctx, 1, 1, []byte(policyV2), "ada", day0))
	samePolicy(t, "first save", v2, 2, policyV2, "ada", day0)
	samePolicy(t, "latest after the first save", mustPolicy(t, "latest")(st.LatestPolicy(ctx, 1)), 2, policyV2, "ada", day0)

	// A stale (or future) expected version writes nothing.
	for _, expected := range []int{1, 3, 0} {
		_, err := st.SavePolicy(ctx, 1, expected, []byte(`{"stale":true}`), "bob", day0)
		wantErr(t, fmt.Sprintf("save expecting %d when the latest is 2", expected), err, store.ErrConflict)
	}
	wantLatest(t, st, 1, 2, policyV2)
	_, err = st.PolicyVersion(ctx, 1, 3)
	wantErr(t, "version 3 after conflicting saves", err, store.ErrNotFound)

	// Not a JSON document (or not UTF-8): refused, nothing written.
	for _, bad := range []string{``, `not json`, `{"a":1`, "{\"a\":\"\xff\"}"} {
		if _, err := st.SavePolicy(ctx, 1, 2, []byte(bad), "bob", day0); err == nil {
			t.Fatalf("body %q was accepted", bad)
		}
	}
	wantLatest(t, st, 1, 2, policyV2)

	later := day0.Add(90 * time.Minute)
	v3 := mustPolicy(t, "second save")(st.SavePolicy(ctx, 1, 2, []byte(policyV3), "bob", later))
	samePolicy(t, "second save", v3, 3, policyV3, "bob", later)
	samePolicy(t, "latest after the second save", mustPolicy(t, "latest")(st.LatestPolicy(ctx, 1)), 3, policyV3, "bob", later)
	// Versions are never overwritten: the old one stays readable as saved.
	samePolicy(t, "version 2 after version 3", mustPolicy(t, "version 2")(st.PolicyVersion(ctx, 1, 2)), 2, policyV2, "ada", day0)
	samePolicy(t, "version 3", mustPolicy(t, "version 3")(st.PolicyVersion(ctx, 1, 3)), 3, policyV3, "bob", later)
	_, err = st.PolicyVersion(ctx, 1, 4)
	wantErr(t, "version 4", err, store.ErrNotFound)
}

func testPolicyOrgIsolation(t *testing.T, st store.Store) {
	ctx := t.Context()
	mustPolicy(t, "org 1 v2")(st.SavePolicy(ctx, 1, 1, []byte(policyV2), "ada", day0))
	mustPolicy(t, "org 1 v3")(st.SavePolicy(ctx, 1, 2, []byte(policyV3), "ada", day0))

	_, err := st.LatestPolicy(ctx, 2)
	wantErr(t, "org 2 latest", err, store.ErrNotFound)
	for _, v := range []int{2, 3} {
		_, err := st.PolicyVersion(ctx, 2, v)
		wantErr(t, fmt.Sprintf("org 2 reading version %d", v), err, store.ErrNotFound)
	}
	// Org 2's latest is its default (1), not org 1's 3.
	_, err = st.SavePolicy(ctx, 2, 3, []byte(`{}`), "eve", day0)
	wantErr(t, "org 2 saving on top of org 1's version", err, store.ErrConflict)

	own := mustPolicy(t, "org 2 first save")(st.SavePolicy(ctx, 2, 1, []byte(`{"org":2}`), "eve", day0))
	samePolicy(t, "org 2 first save", own, 2, `{"org":2}`, "eve", day0)
	wantLatest(t, st, 2, 2, `{"org":2}`)
	wantLatest(t, st, 1, 3, policyV3)
	samePolicy(t, "org 1 version 2", mustPolicy(t, "org 1 version 2")(st.PolicyVersion(ctx, 1, 2)), 2, policyV2, "ada", day0)
}

// testConcurrentPolicySaves races 10 saves on the same expected version, once
// on the default (no row yet) and once on a saved version: each time exactly
// one wins, the others get ErrConflict, and the winner's body is what is
// stored.
func testConcurrentPolicySaves(t *testing.T, st store.Store) {
	for round, expected := range []int{1, 2} {
		const n = 10
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			winner = -1
			lost   int
		)
		for i := range n {
			wg.Go(func() {
				body := fmt.Sprintf(`{"round":%d,"writer":%d}`, round, i)
				rec, err := st.SavePolicy(t.Context(), 1, expected, []byte(body), "ada", day0)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					if winner >= 0 {
						t.Errorf("round %d: writers %d and %d both saved version %d", round, winner, i, rec.Version)
					}
					winner = i
					if rec.Version != expected+1 || string(rec.Body) != body {
						t.Errorf("round %d: winner got %+v", round, rec)
					}
				case errors.Is(err, store.ErrConflict):
					lost++
				default:
					t.Errorf("round %d writer %d: %v", round, i, err)
				}
			})
		}
		wg.Wait()
		if winner < 0 || lost != n-1 {
			t.Fatalf("round %d: %d racing saves gave winner %d and %d conflicts, want one winner and %d", round, n, winner, lost, n-1)
		}
		wantLatest(t, st, 1, expected+1, fmt.Sprintf(`{"round":%d,"writer":%d}`, round, winner))
		_, err := st.PolicyVersion(t.Context(), 1, expected+2)
		wantErr(t, fmt.Sprintf("round %d: version %d", round, expected+2), err, store.ErrNotFound)
	}
}
