package ha

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

// receiver is a real HTTP endpoint that answers 500 to the first attempt of
// each delivery and 200 afterwards, verifying every signature.
type receiver struct {
	mu        sync.Mutex
	attempts  map[string]int
	delivered map[string]int // delivery id → 200 answers sent
	bad       int
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	id := r.Header.Get("X-Warroom-Id")
	rc.mu.Lock()
	defer rc.mu.Unlock()
	// The receiver's clock is the real one, the back ends' the driven one:
	// the signature is checked, not the freshness of the timestamp.
	ts := r.Header.Get("X-Warroom-Timestamp")
	if err := notify.Verify(hookKey, ts, body, r.Header.Get("X-Warroom-Signature"), parseUnix(ts), time.Minute); err != nil || id == "" || r.Header.Get("Idempotency-Key") != id {
		rc.bad++
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	rc.attempts[id]++
	if rc.attempts[id] == 1 {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	rc.delivered[id]++
	w.WriteHeader(http.StatusOK)
}

func (rc *receiver) counts() (attempts, delivered int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, n := range rc.attempts {
		attempts += n
	}
	for _, n := range rc.delivered {
		delivered += n
	}
	return attempts, delivered
}

func parseUnix(s string) time.Time {
	var sec int64
	_, _ = fmt.Sscan(s, &sec)
	return time.Unix(sec, 0)
}

const hookKey = "ha-hmac-key"

// TestOutboxDeliversOnceAcrossRestart: notifications enqueued by the
// scheduler meet a receiver answering 500 then 200. The first back-end
// process makes the failing attempts and is stopped (SIGKILL) while the
// retries wait; two new processes on the same store deliver each exactly once,
// records one timeline entry per notification, and sends nothing more.
func TestOutboxDeliversOnceAcrossRestart(t *testing.T) {
	ctx := t.Context()
	dsn := testpg.DSN(t)
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rc := &receiver{attempts: map[string]int{}, delivered: map[string]int{}}
	srv := httptest.NewServer(rc)
	defer srv.Close()

	// Three P1 incidents 20 minutes old owe tier:P1:1 (default policy):
	// one notification each to the org's webhook channel.
	if err := st.PutChannelRoutes(ctx, 1, []byte(`[{"id":"hook","name":"hook","kind":"webhook"}]`), t0); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: fmt.Sprintf("out %d", i), Severity: incident.P1,
			Status: incident.Investigating, Author: "ada", At: t0, Details: incident.Details{}.Normalize()},
			[]store.NewEvent{{Kind: incident.EventDeclared, Author: "ada", At: t0}}); err != nil {
			t.Fatal(err)
		}
	}
	now := t0.Add(16 * time.Minute)
	if s, err := (&scheduler.Scheduler{Store: st}).Tick(ctx, now); err != nil || s.Fired != 6 {
		// tier:P1:1 and update:1 (P1 updates every 15m) for each incident.
		t.Fatalf("tick: %+v %v, want 6 firings", s, err)
	}
	const want = 6

	h := newHarness(t, dsn, now)
	env := []string{envHook + "=" + srv.URL + "/hook?token=secret-path", envKey + "=" + hookKey}
	first := startNode(t, "first", "deliver", dsn, env...)
	// One row per pass: the first process attempts all six over six passes.
	for i := 1; i <= want; i++ {
		at := now.Add(time.Duration(i) * time.Millisecond)
		h.set(at)
		h.waitFor(at, "first")
	}
	if attempts, delivered := rc.counts(); attempts != want || delivered != 0 {
		t.Fatalf("first process: %d attempts, %d delivered; want %d failing attempts", attempts, delivered, want)
	}
	first.kill() // between attempts: every retry is scheduled, none made

	// Two new processes on the same store (HA): leases keep them from
	// sending one row twice.
	second := startNode(t, "second", "deliver", dsn, env...)
	third := startNode(t, "third", "deliver", dsn, env...)
	// Before the backoff (5s from each failed attempt) nothing is retried.
	h.set(now.Add(4 * time.Second))
	h.waitFor(now.Add(4*time.Second), "second", "third")
	if attempts, _ := rc.counts(); attempts != want {
		t.Fatalf("retried before the backoff: %d attempts", attempts)
	}
	for i := 1; i <= 10; i++ {
		at := now.Add(time.Duration(i) * 10 * time.Second)
		h.set(at)
		h.waitFor(at, "second", "third")
	}
	h.stop()
	second.wait(t)
	third.wait(t)
	t.Logf("delivered by second: %d, by third: %d", h.counter("second", "delivered"), h.counter("third", "delivered"))
	attempts, delivered := rc.counts()
	rc.mu.Lock()
	for id, n := range rc.delivered {
		if n != 1 {
			t.Errorf("%s delivered %d times", id, n)
		}
	}
	if len(rc.delivered) != want || rc.bad != 0 {
		t.Errorf("distinct deliveries %d (want %d), badly signed %d", len(rc.delivered), want, rc.bad)
	}
	rc.mu.Unlock()
	if attempts != 2*want || delivered != want {
		t.Errorf("attempts %d (want %d), delivered %d (want %d)", attempts, 2*want, delivered, want)
	}
	page, err := st.ListIncidents(ctx, 1, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	entries := 0
	for _, inc := range page.Items {
		evs, _ := st.ListEvents(ctx, 1, inc.ID, 0)
		for _, e := range evs {
			switch e.Kind {
			case incident.EventNotificationDelivered:
				entries++
				if e.Payload["attempts"] != float64(2) {
					t.Errorf("%s: delivered entry %v, want attempts 2", inc.ID, e.Payload)
				}
			case incident.EventNotificationFailed:
				t.Errorf("%s: failure entry %v", inc.ID, e.Payload)
			}
			if b, _ := json.Marshal(e.Payload); strings.Contains(string(b), "secret-path") || strings.Contains(string(b), srv.URL) {
				t.Errorf("%s: the channel URL reached the timeline: %s", inc.ID, b)
			}
		}
	}
	if entries != want {
		t.Errorf("timeline delivery entries %d, want %d (one per notification, none per attempt)", entries, want)
	}
}
