package plugin

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/runner"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

// heldHealth is a health endpoint that answers one request per token, so a
// test decides when each run's only check ends. It counts the requests in
// flight: the checks running at once.
type heldHealth struct {
	*httptest.Server
	arrived        chan string // the path of each request, as it arrives
	proceed        chan struct{}
	inFlight, peak atomic.Int32
	closeOnce      sync.Once
	all            chan struct{} // closed by release: every held request answers
}

func newHeldHealth(t *testing.T) *heldHealth {
	h := &heldHealth{arrived: make(chan string, 64), proceed: make(chan struct{}), all: make(chan struct{})}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := h.inFlight.Add(1)
		defer h.inFlight.Add(-1)
		for p := h.peak.Load(); n > p && !h.peak.CompareAndSwap(p, n); p = h.peak.Load() {
		}
		h.arrived <- r.URL.Path
		select {
		case <-h.proceed:
		case <-h.all:
		case <-r.Context().Done():
			return
		}
		_, _ = w.Write([]byte("ok"))
	}))
	t.Cleanup(func() { h.release(); h.Close() })
	return h
}

func (h *heldHealth) release() { h.closeOnce.Do(func() { close(h.all) }) }

// next waits for the next request to arrive.
func (h *heldHealth) next(t *testing.T) string {
	t.Helper()
	select {
	case p := <-h.arrived:
		return p
	case <-time.After(30 * time.Second):
		t.Fatal("no health check arrived within 30 s")
		return ""
	}
}

// servicesOn names one catalogued service per path of h.
func servicesOn(h *heldHealth, names ...string) []map[string]any {
	var out []map[string]any
	for _, n := range names {
		out = append(out, map[string]any{"name": n, "selector": `job="` + n + `"`, "healthUrl": h.URL + "/" + n})
	}
	return out
}

func startRun(t *testing.T, a *App, incID string) response {
	t.Helper()
	return call(t, a, editor, "POST", "/incidents/"+incID+"/diagnostics", "")
}

// More runs than the process's slots: the ones beyond wait their turn (the
// start answers 202 at once and the UI polls a running run), in the order
// they came; never more than the bound at once; a start beyond the line is
// answered 429 with Retry-After, yet a click on an incident whose run is
// waiting joins it; every run completes.
func TestDiagnosticsRunsWaitTheirTurn(t *testing.T) {
	h := newHeldHealth(t)
	names := []string{"s1", "s2", "s3", "s4", "s5"}
	a := testAppWith(t, map[string]any{"services": servicesOn(h, names...)}, nil)
	limiter := &diagnostics.Limiter{MaxRuns: 2, MaxWaiting: 2}
	a.api.Diagnostics.Limiter = limiter
	incs := make([]string, len(names))
	for i, n := range names {
		incs[i] = declareFor(t, a, n)
	}
	runs := make([]string, 4)
	for i := range 4 {
		r := startRun(t, a, incs[i])
		if r.Status != http.StatusAccepted {
			t.Fatalf("start %d: %d %s", i+1, r.Status, r.Body)
		}
		runs[i] = decodeRun(t, r).ID
	}
	first := map[string]bool{h.next(t): true, h.next(t): true}
	if !first["/s1"] || !first["/s2"] {
		t.Fatalf("first checks: %v, want s1 and s2", first)
	}
	if s := limiter.Stats(); s.Running != 2 || s.Waiting != 2 {
		t.Fatalf("limiter %+v, want 2 running and 2 waiting", s)
	}
	if v := decodeRun(t, call(t, a, editor, "GET", "/incidents/"+incs[2]+"/diagnostics/"+runs[2], "")); v.State != "running" || v.Done != 0 {
		t.Fatalf("a waiting run reads as %s, %d done; want running, 0", v.State, v.Done)
	}

	busy := startRun(t, a, incs[4])
	if busy.Status != http.StatusTooManyRequests || busy.ErrorCode(t) != "diagnostics_busy" || busy.Header.Get("Retry-After") != "30" ||
		!strings.Contains(string(busy.Body), "at most 2 run at once") {
		t.Fatalf("a start beyond the line: %d %v %s", busy.Status, busy.Header, busy.Body)
	}
	for i := range 4 {
		if r := startRun(t, a, incs[i]); r.Status != http.StatusOK || decodeRun(t, r).ID != runs[i] {
			t.Fatalf("a second click on incident %d with its line full: %d %s, want its run %s", i+1, r.Status, r.Body, runs[i])
		}
	}

	// One check ends, one waiting run starts: s3 before s4.
	h.proceed <- struct{}{}
	if p := h.next(t); p != "/s3" {
		t.Fatalf("after the first finished: %s started, want /s3", p)
	}
	h.proceed <- struct{}{}
	if p := h.next(t); p != "/s4" {
		t.Fatalf("after the second finished: %s started, want /s4", p)
	}
	h.proceed <- struct{}{}
	h.proceed <- struct{}{}
	for i := range 4 {
		pollRun(t, a, incs[i], runs[i], 30*time.Second, func(v runView) bool { return v.State == "finished" })
	}
	if p := h.peak.Load(); p != 2 {
		t.Fatalf("peak %d checks at once, want 2", p)
	}
	// The line is free again.
	r := startRun(t, a, incs[4])
	if r.Status != http.StatusAccepted {
		t.Fatalf("after the others finished: %d %s", r.Status, r.Body)
	}
	h.release()
	pollRun(t, a, incs[4], decodeRun(t, r).ID, 30*time.Second, func(v runView) bool { return v.State == "finished" })
	if s := limiter.Stats(); s.Running != 0 || s.Waiting != 0 {
		t.Fatalf("limiter after every run: %+v", s)
	}
}

// memberOn is a second HA member: its own App on the same PostgreSQL with
// its own store handle (connection pool) and its own process limiter, as a
// second Grafana server has.
func memberOn(t *testing.T, dsn string, jsonData map[string]any) *App {
	t.Helper()
	m := testAppWith(t, jsonData, map[string]string{"postgresDsn": dsn})
	own, err := stores.Open(context.Background(), store.Config{PostgresDSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = own.Close() })
	m.api.Store = own
	m.api.Diagnostics.Limiter = &diagnostics.Limiter{}
	return m
}

// Starts of one incident on two HA members at once make one run: every
// answer names it, and its check runs once. A member that crashed leaves
// a claim that blocks new runs only until its lease ends.
func TestDiagnosticsJoinAcrossMembers(t *testing.T) {
	h := newHeldHealth(t)
	dsn := testpg.DSN(t)
	jsonData := func() map[string]any { return map[string]any{"services": servicesOn(h, "held")} }
	members := []*App{testAppWith(t, jsonData(), map[string]string{"postgresDsn": dsn}), memberOn(t, dsn, jsonData())}
	incID := declareFor(t, members[0], "held")

	const clicks = 8
	answers := make([]response, clicks)
	var wg sync.WaitGroup
	for i := range clicks {
		wg.Go(func() { answers[i] = startRun(t, members[i%2], incID) })
	}
	wg.Wait()
	var runID string
	for _, r := range answers {
		if r.Status == http.StatusAccepted {
			if runID != "" {
				t.Fatalf("two runs started: %s and %s", runID, decodeRun(t, r).ID)
			}
			runID = decodeRun(t, r).ID
		}
	}
	for i, r := range answers {
		if v := decodeRun(t, r); (r.Status != http.StatusOK && r.Status != http.StatusAccepted) || v.ID != runID || v.State != "running" {
			t.Fatalf("click %d: %d %s, want run %s", i, r.Status, r.Body, runID)
		}
	}
	h.next(t)
	h.release()
	for _, m := range members {
		pollRun(t, m, incID, runID, 30*time.Second, func(v runView) bool { return v.State == "finished" })
	}
	if n := len(h.arrived); n != 0 || h.peak.Load() != 1 {
		t.Fatalf("%d more health checks after the first, peak %d: more than one run executed", n, h.peak.Load())
	}

	// A member crashed while its run held the incident: the claim it left
	// (written as it would have) is joined until its lease ends, then the
	// run reads as interrupted and the next start is a new run.
	b := members[1]
	start := time.Now().UTC()
	now := start
	b.api.Now = func() time.Time { return now }
	crashed := store.DiagnosticRun{ID: "diag-crashed", IncidentID: incID, Total: 1, StartedBy: "eddie", StartedAt: start}
	if _, created, err := b.api.Store.ClaimDiagnosticRun(context.Background(), 1, crashed, start.Add(runner.DefaultLease)); err != nil || !created {
		t.Fatalf("the crashed member's claim: created %v, %v", created, err)
	}
	now = start.Add(runner.DefaultLease - time.Second)
	if r := startRun(t, b, incID); r.Status != http.StatusOK || decodeRun(t, r).ID != crashed.ID || decodeRun(t, r).State != "running" {
		t.Fatalf("a start within the crashed run's lease: %d %s, want to join %s", r.Status, r.Body, crashed.ID)
	}
	now = start.Add(runner.DefaultLease)
	if v := decodeRun(t, call(t, b, editor, "GET", "/incidents/"+incID+"/diagnostics/"+crashed.ID, "")); v.State != "interrupted" {
		t.Fatalf("the crashed run at its lease's end reads as %s, want interrupted", v.State)
	}
	r := startRun(t, b, incID)
	if v := decodeRun(t, r); r.Status != http.StatusAccepted || v.ID == crashed.ID || v.ID == runID {
		t.Fatalf("a start after the lease: %d %s, want a new run", r.Status, r.Body)
	}
	pollRun(t, b, incID, decodeRun(t, r).ID, 30*time.Second, func(v runView) bool { return v.State == "finished" })
	if v := decodeRun(t, call(t, b, editor, "GET", "/incidents/"+incID+"/diagnostics/"+crashed.ID, "")); v.State != "interrupted" {
		t.Fatalf("the crashed run after the new one: %s", v.State)
	}
}
