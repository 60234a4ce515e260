// Package live tells the incident streams of one process which incidents
// changed, at a cost independent of how many people watch: one Watcher per
// store per process hears the store's change feed (store.Changes) and fans
// each mark out in memory to the subscriptions of its incident. While the
// feed is down it polls one query (store.Changes.Marks) for every watched
// incident at once, and at a low rate even while the feed is up, as a
// safety net (on SQLite, the only way to see another process's writes).
package live

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

const (
	// FallbackPoll is how often the watcher polls while the feed is down: a
	// change on another HA member still reaches subscribers within about
	// this delay.
	FallbackPoll = time.Second
	// SafetyPoll is how often it polls while the feed is up.
	SafetyPoll = 10 * time.Second
)

// Watcher fans the store's changes out to subscriptions. Run it once per
// store per process; Watch and Close are safe from any goroutine.
type Watcher struct {
	Source store.Changes
	// After is the clock (time.After when nil): tests step it.
	After func(time.Duration) <-chan time.Time
	// Logger gets feed failures and failed polls (log.DefaultLogger when nil).
	Logger log.Logger

	mu      sync.Mutex
	watched map[store.Cursor]*watched
}

// watched is one incident's subscriptions and the newest mark seen of it.
type watched struct {
	last store.Mark
	subs map[*Subscription]struct{}
}

// Subscription receives the marks of one incident. C holds at most one
// mark, the newest: a subscriber that falls behind skips to the latest
// (a mark only says "refetch", so the skipped ones carry nothing more) and
// never holds up the others.
type Subscription struct {
	C   <-chan store.Mark
	c   chan store.Mark
	w   *Watcher
	key store.Cursor
}

// Watch subscribes to one incident's marks. Subscribe before reading the
// incident's current mark: a change between the two then still arrives.
func (w *Watcher) Watch(orgID int64, id string) *Subscription {
	c := make(chan store.Mark, 1)
	s := &Subscription{C: c, c: c, w: w, key: store.Cursor{OrgID: orgID, ID: id}}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.watched == nil {
		w.watched = map[store.Cursor]*watched{}
	}
	e := w.watched[s.key]
	if e == nil {
		e = &watched{subs: map[*Subscription]struct{}{}}
		w.watched[s.key] = e
	}
	e.subs[s] = struct{}{}
	return s
}

// Close ends the subscription; the incident is no longer polled once its
// last subscription closed. Idempotent.
func (s *Subscription) Close() {
	w := s.w
	w.mu.Lock()
	defer w.mu.Unlock()
	if e := w.watched[s.key]; e != nil {
		delete(e.subs, s)
		if len(e.subs) == 0 {
			delete(w.watched, s.key)
		}
	}
}

// offer replaces what C holds with m. Only the watcher sends, under its
// lock, so the second attempt always finds room.
func (s *Subscription) offer(m store.Mark) {
	for {
		select {
		case s.c <- m:
			return
		default:
		}
		select {
		case <-s.c:
		default:
		}
	}
}

// deliver hands a mark newer than the last one seen to the incident's
// subscriptions; late and repeated marks stop here.
func (w *Watcher) deliver(m store.Mark) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e := w.watched[m.Key()]
	if e == nil || m == e.last || m.Behind(e.last) {
		return
	}
	e.last = m
	for s := range e.subs {
		s.offer(m)
	}
}

// Watching is how many incidents have subscriptions.
func (w *Watcher) Watching() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.watched)
}

// Run listens to the feed until ctx ends: polling fast until the feed is up
// (and once more when it is, for what changed meanwhile), slowly while it
// is, and fast again from the moment it breaks until it listens again.
func (w *Watcher) Run(ctx context.Context) {
	for {
		w.listen(ctx)
		select {
		case <-ctx.Done():
			return
		case <-w.after(FallbackPoll):
			w.poll(ctx)
		}
	}
}

// listen runs one session of the feed and polls beside it.
func (w *Watcher) listen(ctx context.Context) {
	feedCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan struct{}, 1)
	done := make(chan error, 1)
	go func() {
		done <- w.Source.Changes(feedCtx, func() { ready <- struct{}{} }, w.deliver)
	}()
	period := FallbackPoll
	for {
		select {
		case <-ctx.Done():
			// Wait for the feed to stop; anything but the cancellation is worth a line in the log.
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				w.logger().Warn("live updates: change feed failed while stopping", "error", err)
			}
			return
		case err := <-done:
			if err != nil {
				w.logger().Warn("live updates: change feed lost; polling until it is back", "error", err)
			}
			return
		case <-ready:
			period = SafetyPoll
			w.poll(ctx)
		case <-w.after(period):
			w.poll(ctx)
		}
	}
}

// poll reads the marks of every watched incident in one query (a batch per
// store.BatchIDs incidents).
func (w *Watcher) poll(ctx context.Context) {
	w.mu.Lock()
	keys := make([]store.Cursor, 0, len(w.watched))
	for k := range w.watched {
		keys = append(keys, k)
	}
	w.mu.Unlock()
	if len(keys) == 0 {
		return
	}
	marks, err := w.Source.Marks(ctx, keys)
	if err != nil {
		if ctx.Err() == nil {
			w.logger().Warn("live updates: poll failed", "incidents", len(keys), "error", err)
		}
		return
	}
	for _, m := range marks {
		w.deliver(m)
	}
}

func (w *Watcher) after(d time.Duration) <-chan time.Time {
	if w.After != nil {
		return w.After(d)
	}
	return time.After(d)
}

func (w *Watcher) logger() log.Logger {
	if w.Logger != nil {
		return w.Logger
	}
	return log.DefaultLogger
}
