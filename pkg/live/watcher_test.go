package live

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// fakeSource is a store's change feed the test drives: each Changes call
// is a session the test makes ready, feeds and breaks; Marks answers from
// a map and counts its calls (each one query on a real store).
type fakeSource struct {
	sessions chan *session
	mu       sync.Mutex
	current  map[store.Cursor]store.Mark
	polls    int
	lastKeys int // how many incidents the last poll asked for
}

type session struct {
	ready func()
	fn    func(store.Mark)
	fail  chan error
}

func (f *fakeSource) Changes(ctx context.Context, ready func(), fn func(store.Mark)) error {
	s := &session{ready: ready, fn: fn, fail: make(chan error)}
	select {
	case f.sessions <- s:
	case <-ctx.Done():
		return nil
	}
	select {
	case <-ctx.Done():
		return nil
	case err := <-s.fail:
		return err
	}
}

func (f *fakeSource) Marks(_ context.Context, keys []store.Cursor) (map[store.Cursor]store.Mark, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.polls++
	f.lastKeys = len(keys)
	out := map[store.Cursor]store.Mark{}
	for _, k := range keys {
		if m, ok := f.current[k]; ok {
			out[k] = m
		}
	}
	return out, nil
}

func (f *fakeSource) set(m store.Mark) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.current[m.Key()] = m
}

func (f *fakeSource) lastPoll() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lastKeys
}

func (f *fakeSource) pollCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.polls
}

// env runs a watcher on a fake source with a clock that only moves when
// the test calls tick.
type env struct {
	t     *testing.T
	src   *fakeSource
	w     *Watcher
	ticks chan time.Time
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, src: &fakeSource{sessions: make(chan *session), current: map[store.Cursor]store.Mark{}}, ticks: make(chan time.Time)}
	e.w = &Watcher{Source: e.src, After: func(time.Duration) <-chan time.Time { return e.ticks }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.w.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return e
}

// session waits for the watcher to open the feed, and makes it ready; the
// watcher then polls once for what changed before it listened. The first
// session opens at once; after a loss, time must pass (later) first.
func (e *env) session() *session { return e.sessionAfter(nil) }

func (e *env) later() *session { return e.sessionAfter(e.ticks) }

func (e *env) sessionAfter(ticks chan time.Time) *session {
	e.t.Helper()
	bound := time.After(10 * time.Second) // a failure bound, not a wait
	for {
		select {
		case s := <-e.src.sessions:
			s.ready()
			return s
		case ticks <- time.Time{}:
		case <-bound:
			e.t.Fatal("the watcher did not open its feed")
			return nil
		}
	}
}

// tick lets one period pass; it returns once the watcher took it.
func (e *env) tick() { e.ticks <- time.Time{} }

func mark(id string, version, last int64) store.Mark {
	return store.Mark{OrgID: 1, ID: id, Version: version, LastSeq: last}
}

func receive(t *testing.T, s *Subscription) store.Mark {
	t.Helper()
	select {
	case m := <-s.C:
		return m
	case <-time.After(10 * time.Second): // a failure bound, not a wait
		t.Fatal("no mark arrived")
		return store.Mark{}
	}
}

func nothingPending(t *testing.T, s *Subscription) {
	t.Helper()
	select {
	case m := <-s.C:
		t.Fatalf("unexpected mark %+v", m)
	default:
	}
}

// 500 subscribers of 50 incidents cost one query when the feed comes up,
// and none per change after that: each change reaches each of its
// incident's subscribers from memory.
func TestFanOutCostsNoQueryPerSubscriber(t *testing.T) {
	e := newEnv(t)
	subs := map[string][]*Subscription{}
	for i := range 500 {
		id := fmt.Sprintf("INC-%02d", i%50)
		subs[id] = append(subs[id], e.w.Watch(1, id))
	}
	s := e.session()
	before := e.src.pollCount()
	for id := range subs {
		s.fn(mark(id, 1, 2))
	}
	for id, ss := range subs {
		for _, sub := range ss {
			if got := receive(t, sub); got != mark(id, 1, 2) {
				t.Fatalf("%s: got %+v", id, got)
			}
		}
	}
	// The poll when the feed came up is the only query (it found nothing:
	// the fake store knows none of these incidents).
	if n := e.src.pollCount() - before; n > 1 {
		t.Fatalf("%d queries for 50 changes to 500 subscribers, want at most 1", n)
	}
}

// A subscriber that does not read never holds up the others, and when it
// reads it gets the newest mark only.
func TestSlowSubscriberSkipsToLatest(t *testing.T) {
	e := newEnv(t)
	fast, slow := e.w.Watch(1, "INC-1"), e.w.Watch(1, "INC-1")
	s := e.session()
	for seq := int64(2); seq <= 5; seq++ {
		s.fn(mark("INC-1", 1, seq))
		if got := receive(t, fast); got.LastSeq != seq {
			t.Fatalf("fast subscriber got %+v, want seq %d", got, seq)
		}
	}
	if got := receive(t, slow); got != mark("INC-1", 1, 5) {
		t.Fatalf("slow subscriber got %+v, want the latest", got)
	}
	nothingPending(t, slow)
}

// A mark delivered late (NOTIFY after this process's own announcement, or
// after a poll read a newer one) or twice is not sent again.
func TestLateAndRepeatedMarksAreDropped(t *testing.T) {
	e := newEnv(t)
	sub := e.w.Watch(1, "INC-1")
	s := e.session()
	s.fn(mark("INC-1", 2, 5))
	s.fn(mark("INC-1", 2, 4))
	s.fn(mark("INC-1", 1, 5))
	s.fn(mark("INC-1", 2, 5))
	if got := receive(t, sub); got != mark("INC-1", 2, 5) {
		t.Fatalf("got %+v", got)
	}
	nothingPending(t, sub)
	// Another incident's mark is not this subscription's business.
	s.fn(mark("INC-2", 9, 9))
	nothingPending(t, sub)
}

// When the feed breaks (PostgreSQL restarted, the network dropped), changes
// still arrive: the watcher polls every watched incident in one query each
// period, then listens again and polls once for what it missed meanwhile.
func TestFeedLossFallsBackToPolling(t *testing.T) {
	e := newEnv(t)
	a, b := e.w.Watch(1, "INC-1"), e.w.Watch(1, "INC-2")
	s := e.session()
	s.fail <- errors.New("connection reset")

	e.src.set(mark("INC-1", 1, 2))
	e.tick()
	if got := receive(t, a); got != mark("INC-1", 1, 2) {
		t.Fatalf("while the feed is down: got %+v", got)
	}
	if n := e.src.lastPoll(); n != 2 {
		t.Fatalf("the poll asked for %d incidents in its query, want both", n)
	}
	nothingPending(t, b)

	// The watcher listens again and catches up on what changed meanwhile.
	e.src.set(mark("INC-2", 2, 3))
	s = e.later()
	if got := receive(t, b); got != mark("INC-2", 2, 3) {
		t.Fatalf("after listening again: got %+v", got)
	}
	s.fn(mark("INC-1", 1, 3))
	if got := receive(t, a); got != mark("INC-1", 1, 3) {
		t.Fatalf("from the feed again: got %+v", got)
	}
}

// While the feed is up the watcher still polls at a low rate, the safety
// net that shows SQLite a write of another process on its file.
func TestSafetyPollWhileListening(t *testing.T) {
	e := newEnv(t)
	sub := e.w.Watch(1, "INC-1")
	e.session()
	e.src.set(mark("INC-1", 1, 7))
	e.tick()
	if got := receive(t, sub); got != mark("INC-1", 1, 7) {
		t.Fatalf("got %+v", got)
	}
}

// An incident nobody watches any more is not polled.
func TestClosedSubscriptionsAreNotPolled(t *testing.T) {
	e := newEnv(t)
	sub := e.w.Watch(1, "INC-1")
	other := e.w.Watch(1, "INC-1")
	sub.Close()
	sub.Close()
	if n := e.w.Watching(); n != 1 {
		t.Fatalf("watching %d incidents with one subscription left, want 1", n)
	}
	other.Close()
	if n := e.w.Watching(); n != 0 {
		t.Fatalf("watching %d incidents after every subscription closed", n)
	}
	e.session()
	e.tick()
	e.tick()
	if n := e.src.pollCount(); n != 0 {
		t.Fatalf("%d queries with nothing watched", n)
	}
}
