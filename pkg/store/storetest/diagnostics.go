package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// testDiagnosticRuns: findings are read back in arrival order while the run
// is open, the summary is recorded once, nothing crosses orgs, and the
// latest run of an incident is the one started last. Then the claims
// (diagnostics_claims.go), on other incidents of the same store.
func testDiagnosticRuns(t *testing.T, st store.Store) {
	t.Run("Claims", func(t *testing.T) { testDiagnosticClaims(t, st) })
	t.Run("ConcurrentClaims", func(t *testing.T) { testConcurrentDiagnosticClaims(t, st) })
	ctx := t.Context()
	run := store.DiagnosticRun{ID: "run-1", IncidentID: "INC-2026-03-14-001", Total: 3, StartedBy: "ada", StartedAt: day0}
	createRun(t, st, 1, run)
	sameID := run
	sameID.IncidentID = "INC-2026-03-14-002"
	_, _, err := st.ClaimDiagnosticRun(ctx, 1, sameID, day0.Add(time.Hour))
	wantErr(t, "a second run with the same id", err, store.ErrConflict)
	createRun(t, st, 2, run) // the same run id in another org
	for _, f := range []string{`{"check":"a"}`, `{"check":"b"}`} {
		if err := st.AddDiagnosticFinding(ctx, 1, run.ID, []byte(f)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := st.DiagnosticRun(ctx, 1, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.FinishedAt != nil || got.Summary != nil || got.Total != 3 || got.StartedBy != "ada" || !got.StartedAt.Equal(us(day0)) ||
		got.IncidentID != run.IncidentID || fmt.Sprintf("%s", got.Findings) != `[{"check":"a"} {"check":"b"}]` {
		t.Fatalf("open run read back as %+v (findings %s)", got, got.Findings)
	}
	if other, _ := st.DiagnosticRun(ctx, 2, run.ID); len(other.Findings) != 0 {
		t.Fatalf("org 2 sees org 1's findings: %s", other.Findings)
	}
	wantErr(t, "finding of a missing run", st.AddDiagnosticFinding(ctx, 1, "nope", []byte(`{}`)), store.ErrNotFound)
	wantErr(t, "finish of another org's run", st.FinishDiagnosticRun(ctx, 3, run.ID, []byte(`{}`), day0), store.ErrNotFound)

	end := day0.Add(2e9)
	if err := st.FinishDiagnosticRun(ctx, 1, run.ID, []byte(`{"status":"critical"}`), end); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "second finish", st.FinishDiagnosticRun(ctx, 1, run.ID, []byte(`{}`), end), store.ErrConflict)
	wantErr(t, "finding after the finish", st.AddDiagnosticFinding(ctx, 1, run.ID, []byte(`{}`)), store.ErrConflict)
	got, err = st.DiagnosticRun(ctx, 1, run.ID)
	if err != nil || got.FinishedAt == nil || !got.FinishedAt.Equal(us(end)) || string(got.Summary) != `{"status":"critical"}` || len(got.Findings) != 2 {
		t.Fatalf("finished run read back as %+v (%v)", got, err)
	}

	later := run
	later.ID, later.StartedAt = "run-2", day0.Add(60e9)
	createRun(t, st, 1, later)
	if latest, err := st.LatestDiagnosticRun(ctx, 1, run.IncidentID); err != nil || latest.ID != "run-2" {
		t.Fatalf("latest run: %q (%v), want run-2", latest.ID, err)
	}
	_, err = st.LatestDiagnosticRun(ctx, 1, "INC-2026-03-14-999")
	wantErr(t, "latest run of an incident without runs", err, store.ErrNotFound)
	_, err = st.DiagnosticRun(ctx, 1, "nope")
	wantErr(t, "missing run", err, store.ErrNotFound)
}

// createRun starts a run that holds its incident's claim for an hour.
func createRun(t *testing.T, st store.Store, org int64, run store.DiagnosticRun) {
	t.Helper()
	holder, created, err := st.ClaimDiagnosticRun(t.Context(), org, run, run.StartedAt.Add(time.Hour))
	if err != nil || !created {
		t.Fatalf("start run %s in org %d: %q created %v (%v)", run.ID, org, holder, created, err)
	}
}

// testConcurrentFindings: findings appended from many goroutines (several
// back-end processes in HA) are all kept, each once.
func testConcurrentFindings(t *testing.T, st store.Store) {
	ctx := t.Context()
	createRun(t, st, 1, store.DiagnosticRun{ID: "r", IncidentID: "i", Total: 16, StartedBy: "ada", StartedAt: day0})
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			if err := st.AddDiagnosticFinding(ctx, 1, "r", fmt.Appendf(nil, `{"n":%d}`, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	got, err := st.DiagnosticRun(ctx, 1, "r")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range got.Findings {
		seen[string(f)] = true
	}
	if len(got.Findings) != 16 || len(seen) != 16 {
		t.Fatalf("got %d findings (%d distinct), want 16", len(got.Findings), len(seen))
	}
	if err := st.FinishDiagnosticRun(ctx, 1, "r", []byte(`{}`), day0); err != nil {
		t.Fatalf("finish after concurrent appends: %v", err)
	}
}
