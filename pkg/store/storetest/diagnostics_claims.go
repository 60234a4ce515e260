package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// testDiagnosticClaims: a start while the incident's run holds a live claim
// joins it; a renewed lease keeps it; finishing gives the claim up; an
// expired claim (a crashed process) is taken over; claims are per incident
// and per org.
func testDiagnosticClaims(t *testing.T, st store.Store) {
	ctx := t.Context()
	const inc = "INC-2026-03-14-010"
	lease := time.Minute
	claim := func(org int64, id string, at time.Time) (string, bool) {
		t.Helper()
		run := store.DiagnosticRun{ID: id, IncidentID: inc, Total: 2, StartedBy: "ada", StartedAt: at}
		holder, created, err := st.ClaimDiagnosticRun(ctx, org, run, at.Add(lease))
		if err != nil {
			t.Fatalf("claim %s: %v", id, err)
		}
		return holder, created
	}
	if holder, created := claim(1, "c-1", day0); holder != "c-1" || !created {
		t.Fatalf("first claim: %q created %v", holder, created)
	}
	got, err := st.DiagnosticRun(ctx, 1, "c-1")
	if err != nil || got.LeaseUntil == nil || !got.LeaseUntil.Equal(us(day0.Add(lease))) || got.IncidentID != inc || got.Total != 2 {
		t.Fatalf("claimed run read back as %+v (%v)", got, err)
	}
	if holder, created := claim(1, "c-2", day0.Add(30*time.Second)); holder != "c-1" || created {
		t.Fatalf("a start while c-1 runs: %q created %v, want to join c-1", holder, created)
	}
	_, err = st.DiagnosticRun(ctx, 1, "c-2")
	wantErr(t, "the joining start stored a run", err, store.ErrNotFound)
	if holder, created := claim(2, "c-1b", day0.Add(time.Second)); holder != "c-1b" || !created {
		t.Fatalf("the same incident id in org 2: %q created %v", holder, created)
	}

	// Renewed past its first lease, c-1 still holds the incident.
	if err := st.RenewDiagnosticClaim(ctx, 1, "c-1", day0.Add(2*lease)); err != nil {
		t.Fatal(err)
	}
	if holder, _ := claim(1, "c-3", day0.Add(lease+time.Second)); holder != "c-1" {
		t.Fatalf("after the renewal: %q holds, want c-1", holder)
	}
	// Finishing gives it up: the next start is a new run, at once.
	if err := st.FinishDiagnosticRun(ctx, 1, "c-1", []byte(`{}`), day0.Add(lease+2*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.DiagnosticRun(ctx, 1, "c-1"); got.LeaseUntil != nil {
		t.Fatalf("a finished run still has a lease: %v", got.LeaseUntil)
	}
	wantErr(t, "renewal of a finished run", st.RenewDiagnosticClaim(ctx, 1, "c-1", day0.Add(3*lease)), store.ErrNotFound)
	at := day0.Add(lease + 3*time.Second)
	if holder, created := claim(1, "c-4", at); holder != "c-4" || !created {
		t.Fatalf("after the finish: %q created %v", holder, created)
	}

	// c-4's process dies: nothing renews. At its expiry the claim is taken.
	if holder, _ := claim(1, "c-5", at.Add(lease-time.Microsecond)); holder != "c-4" {
		t.Fatalf("just before the expiry: %q holds, want c-4", holder)
	}
	if holder, created := claim(1, "c-6", at.Add(lease)); holder != "c-6" || !created {
		t.Fatalf("at the expiry: %q created %v, want c-6 to take over", holder, created)
	}
	old, err := st.DiagnosticRun(ctx, 1, "c-4")
	if err != nil || old.FinishedAt != nil || old.LeaseUntil != nil {
		t.Fatalf("the abandoned run: %+v (%v), want unfinished without a lease", old, err)
	}
	wantErr(t, "renewal by the run that lost its claim", st.RenewDiagnosticClaim(ctx, 1, "c-4", at.Add(2*lease)), store.ErrNotFound)
	if latest, err := st.LatestDiagnosticRun(ctx, 1, inc); err != nil || latest.ID != "c-6" || latest.LeaseUntil == nil {
		t.Fatalf("latest run: %+v (%v), want c-6 with its lease", latest, err)
	}
	// A late finish of the abandoned run does not free c-6's claim.
	if err := st.FinishDiagnosticRun(ctx, 1, "c-4", []byte(`{}`), at.Add(lease)); err != nil {
		t.Fatal(err)
	}
	if holder, _ := claim(1, "c-7", at.Add(lease+time.Second)); holder != "c-6" {
		t.Fatalf("after the abandoned run's late finish: %q holds, want c-6", holder)
	}
	// A taken run id is a conflict.
	_, _, err = st.ClaimDiagnosticRun(ctx, 1, store.DiagnosticRun{ID: "c-6", IncidentID: "INC-2026-03-14-011", Total: 1,
		StartedBy: "ada", StartedAt: at}, at.Add(lease))
	wantErr(t, "claim with a taken run id", err, store.ErrConflict)
}

// testConcurrentDiagnosticClaims: many starts on one incident at once (the
// same click in two browsers, on two HA members) make exactly one run, and
// every start learns its id.
func testConcurrentDiagnosticClaims(t *testing.T, st store.Store) {
	ctx := t.Context()
	const n = 12
	holders := make([]string, n)
	var (
		wg      sync.WaitGroup
		created sync.Map
	)
	for i := range n {
		wg.Go(func() {
			id := fmt.Sprintf("race-%02d", i)
			run := store.DiagnosticRun{ID: id, IncidentID: "INC-2026-03-14-020", Total: 1, StartedBy: "ada", StartedAt: day0}
			holder, made, err := st.ClaimDiagnosticRun(ctx, 1, run, day0.Add(time.Minute))
			if err != nil {
				t.Error(err)
				return
			}
			holders[i] = holder
			if made {
				created.Store(id, true)
			}
		})
	}
	wg.Wait()
	var made []string
	created.Range(func(k, _ any) bool { made = append(made, k.(string)); return true })
	if len(made) != 1 {
		t.Fatalf("%d runs created (%v), want 1", len(made), made)
	}
	for i, h := range holders {
		if h != made[0] {
			t.Fatalf("start %d got %q, want the one run %s", i, h, made[0])
		}
	}
}
