package outbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
)

func TestMain(m *testing.M) { testpg.Main(m) }

// engines runs a test on both stores: claims are SQL, so fairness and
// leases are proved on each.
func engines(t *testing.T, fn func(t *testing.T, st store.Store)) {
	t.Run("sqlite", func(t *testing.T) {
		st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, st)
	})
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(t.Context(), testpg.DSN(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		fn(t, st)
	})
}

// gate is a receiver that blocks every request until released (a tarpit),
// reporting each arrival first; it counts deliveries by Idempotency-Key.
type gate struct {
	arrived chan string
	release chan struct{}
	mu      sync.Mutex
	seen    map[string]int
}

func newGate() *gate {
	return &gate{arrived: make(chan string, 100), release: make(chan struct{}), seen: map[string]int{}}
}

func (g *gate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	g.seen[r.Header.Get("Idempotency-Key")]++
	g.mu.Unlock()
	g.arrived <- r.URL.Path
	select {
	case <-g.release:
	case <-r.Context().Done():
	}
	w.WriteHeader(http.StatusOK)
}

func (g *gate) count() (requests int, twice []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for k, n := range g.seen {
		requests += n
		if n > 1 {
			twice = append(twice, k)
		}
	}
	return requests, twice
}

// hook is a webhook channel to url.
func hook(name, url string) notify.Channel {
	return notify.Channel{ID: name, Name: name, Kind: notify.KindWebhook, URL: url, Secret: "k"}
}

// queue commits one row per channel name for inc, as the scheduler or a
// status update would, with kind's priority.
func queue(t *testing.T, st store.Store, inc incident.Incident, key, kind string, channels ...string) {
	t.Helper()
	e := store.Effects{OrgID: inc.OrgID, IncidentID: inc.ID, Key: key, At: t0}
	for i, ch := range channels {
		id := fmt.Sprintf("%d/%s/%s/%s/%d", inc.OrgID, inc.ID, key, ch, i)
		body, err := json.Marshal(notify.Message{ID: id, IncidentID: inc.ID, Title: inc.Title, Text: kind, Severity: inc.Severity, Kind: kind, At: t0})
		if err != nil {
			t.Fatal(err)
		}
		e.Outbox = append(e.Outbox, store.NewOutbox{Channel: ch, DeliveryID: id, Payload: body, Priority: outbox.Priority(kind)})
	}
	if _, err := st.Commit(t.Context(), e); err != nil {
		t.Fatal(err)
	}
}

func open(t *testing.T, st store.Store, org int64, title string) incident.Incident {
	t.Helper()
	inc, err := st.CreateIncident(t.Context(), org, store.NewIncident{Title: title, Severity: incident.P1, Status: incident.Investigating,
		Author: "ada", At: t0, Details: incident.Details{}.Normalize()}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return inc
}

// wait receives from ch, failing (not hanging) if nothing comes.
func wait[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Minute):
		t.Fatalf("gave up waiting for %s", what)
		panic("unreachable")
	}
}

// The case: org A has 10,000 status updates queued for a receiver
// that never answers; a P1 tier page in org B is delivered at once anyway.
func TestTarpitOrgDoesNotDelayAnotherOrgsPage(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		tarpit := newGate()
		slow := httptest.NewServer(tarpit)
		defer slow.Close()
		paged := make(chan time.Time, 1)
		pager := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			paged <- time.Now()
		}))
		defer pager.Close()

		a, b := open(t, st, 1, "org A"), open(t, st, 2, "org B")
		backlog := make([]string, 10_000)
		for i := range backlog {
			backlog[i] = "status"
		}
		queue(t, st, a, "update-burst", notify.MsgStatusUpdate, backlog...)

		dir := &outbox.Directory{}
		dir.Set(1, outbox.Org{Channels: []notify.Channel{hook("status", slow.URL)}})
		dir.Set(2, outbox.Org{Channels: []notify.Channel{hook("pager", pager.URL)}})
		// The attempt timeout outlives the test: A's receiver holds its slot throughout.
		w := &outbox.Worker{Store: st, Directory: dir, Owner: "me", Sender: notify.Sender{Timeout: 5 * time.Minute}}
		ctx, cancel := context.WithCancel(t.Context())
		ran := make(chan struct{})
		go func() {
			defer close(ran)
			w.Run(ctx, time.Now, 100*time.Millisecond, func(s outbox.Stats, err error) {
				if err != nil && ctx.Err() == nil {
					t.Errorf("delivery: %v", err)
				}
			})
		}()
		defer func() {
			cancel()
			close(tarpit.release)
			<-ran
		}()

		wait(t, tarpit.arrived, "org A's first update at its receiver")
		enqueued := time.Now()
		queue(t, st, b, "tier:P1:1", notify.MsgEscalation, "pager")
		took := wait(t, paged, "org B's page").Sub(enqueued)
		t.Logf("org B's page reached its receiver %v after it was enqueued", took)
		if took > 5*time.Second {
			t.Errorf("org B's page took %v behind org A's backlog, want under 5s", took)
		}
		if n, _ := tarpit.count(); n != 1 {
			t.Errorf("org A's tarpit got %d requests, want 1: one delivery in flight per channel", n)
		}
	})
}

// A delivery slower than its lease is never sent again by another back end:
// the first renews the lease while it waits, and the rest of its claim was
// started at once instead of waiting behind the slow one. Leases run on the
// workers' (injected) clock.
func TestSlowDeliveryIsNeverSentTwice(t *testing.T) {
	engines(t, func(t *testing.T, st store.Store) {
		rc := newGate()
		srv := httptest.NewServer(rc)
		defer srv.Close()
		fast := &counting{done: make(chan struct{}, 10)}
		quick := httptest.NewServer(fast)
		defer quick.Close()

		inc := open(t, st, 1, "slow receiver")
		queue(t, st, inc, "tier:P1:1", notify.MsgEscalation, "slow", "fast1", "fast2")
		dir := &outbox.Directory{}
		dir.Set(1, outbox.Org{Channels: []notify.Channel{hook("slow", srv.URL), hook("fast1", quick.URL), hook("fast2", quick.URL)}})
		worker := func(owner string) *outbox.Worker {
			return &outbox.Worker{Store: st, Directory: dir, Owner: owner, Lease: time.Minute, Sender: notify.Sender{Timeout: 5 * time.Minute}}
		}
		one, two := worker("one"), worker("two")

		type result struct {
			s   outbox.Stats
			err error
		}
		first := make(chan result, 1)
		go func() {
			s, err := one.RunOnce(t.Context(), t0)
			first <- result{s, err}
		}()
		released := false
		defer func() {
			if !released {
				close(rc.release)
			}
		}()
		wait(t, rc.arrived, "the slow delivery")
		wait(t, fast.done, "the first fast delivery")
		wait(t, fast.done, "the second fast delivery")

		pass := func(w *outbox.Worker, at time.Duration) {
			t.Helper()
			if s, err := w.RunOnce(t.Context(), t0.Add(at)); err != nil || s != (outbox.Stats{}) {
				t.Fatalf("%s at +%v: %+v %v, want nothing to do", w.Owner, at, s, err)
			}
		}
		pass(two, 30*time.Second)  // inside the lease
		pass(one, 50*time.Second)  // one renews the lease of what it has in flight
		pass(two, 100*time.Second) // past the first lease, inside the renewed one
		pass(one, 150*time.Second)
		pass(two, 200*time.Second)

		close(rc.release)
		released = true
		r := wait(t, first, "the first pass")
		if r.err != nil || r.s.Delivered != 3 {
			t.Fatalf("first pass: %+v %v, want 3 delivered", r.s, r.err)
		}
		pass(two, time.Hour)
		if n, twice := rc.count(); n != 1 || len(twice) != 0 {
			t.Errorf("slow receiver: %d requests, sent twice: %v", n, twice)
		}
		if n, twice := fast.count(); n != 2 || len(twice) != 0 {
			t.Errorf("fast receiver: %d requests, sent twice: %v", n, twice)
		}
	})
}

// A process has at most Parallel deliveries in flight; a full worker claims
// nothing more (the rows stay for a back end with room).
func TestDeliveriesInFlightAreBounded(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rc := newGate()
	srv := httptest.NewServer(rc)
	defer srv.Close()
	inc := open(t, st, 1, "many channels")
	names := []string{"c1", "c2", "c3", "c4"}
	queue(t, st, inc, "tier:P1:1", notify.MsgEscalation, names...)
	var chans []notify.Channel
	for _, n := range names {
		chans = append(chans, hook(n, srv.URL+"/"+n))
	}
	dir := &outbox.Directory{}
	dir.Set(1, outbox.Org{Channels: chans})
	w := &outbox.Worker{Store: st, Directory: dir, Owner: "me", Parallel: 2, Sender: notify.Sender{Timeout: 5 * time.Minute}}

	first := make(chan outbox.Stats, 1)
	go func() {
		s, _ := w.RunOnce(t.Context(), t0)
		first <- s
	}()
	wait(t, rc.arrived, "the first delivery")
	wait(t, rc.arrived, "the second delivery")
	// Both slots are taken: this pass claims nothing and returns at once.
	if s, err := w.RunOnce(t.Context(), t0.Add(time.Second)); err != nil || s != (outbox.Stats{}) {
		t.Fatalf("pass with no free slot: %+v %v", s, err)
	}
	if n, _ := rc.count(); n != 2 {
		t.Fatalf("%d requests in flight, want 2", n)
	}
	close(rc.release)
	if s := wait(t, first, "the first pass"); s.Delivered != 2 {
		t.Fatalf("first pass %+v", s)
	}
	if s, err := w.RunOnce(t.Context(), t0.Add(2*time.Second)); err != nil || s.Delivered != 2 {
		t.Fatalf("second pass: %+v %v, want the other 2", s, err)
	}
}

// counting answers 200 at once and counts deliveries by Idempotency-Key.
type counting struct {
	mu   sync.Mutex
	seen map[string]int
	done chan struct{}
}

func (c *counting) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	if c.seen == nil {
		c.seen = map[string]int{}
	}
	c.seen[r.Header.Get("Idempotency-Key")]++
	c.mu.Unlock()
	w.WriteHeader(http.StatusOK)
	c.done <- struct{}{}
}

func (c *counting) count() (requests int, twice []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, n := range c.seen {
		requests += n
		if n > 1 {
			twice = append(twice, k)
		}
	}
	return requests, twice
}

// A back end stopped mid-delivery records the attempt before Run returns,
// so the row is retried after its backoff, not only when its lease runs out.
func TestStoppedWorkerHandsItsRowsBack(t *testing.T) {
	st, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rc := newGate()
	srv := httptest.NewServer(rc)
	defer srv.Close()
	inc := open(t, st, 1, "shutdown")
	queue(t, st, inc, "tier:P1:1", notify.MsgEscalation, "ops")
	dir := &outbox.Directory{}
	dir.Set(1, outbox.Org{Channels: []notify.Channel{hook("ops", srv.URL)}})
	w := &outbox.Worker{Store: st, Directory: dir, Owner: "old", Lease: time.Minute, Sender: notify.Sender{Timeout: 5 * time.Minute}}
	ctx, cancel := context.WithCancel(t.Context())
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		w.Run(ctx, func() time.Time { return t0 }, time.Hour, func(outbox.Stats, error) {})
	}()
	wait(t, rc.arrived, "the delivery")
	cancel()
	wait(t, ran, "Run to return")

	close(rc.release)
	next := &outbox.Worker{Store: st, Directory: dir, Owner: "new", Sender: notify.Sender{Timeout: time.Minute}}
	if s, err := next.RunOnce(t.Context(), t0.Add(6*time.Second)); err != nil || s.Delivered != 1 {
		t.Fatalf("after the 5s backoff: %+v %v, want the row delivered by the next back end", s, err)
	}
}
