// Package outbox delivers the notifications the scheduler and the status
// updates enqueue (store.Commit inserts them with their cause). Any back end
// may deliver any row of an org it serves: rows are leased, so two processes
// never send one at the same time; a crashed process's lease expires and
// another takes over; a delivered row is marked in the same transaction as
// its timeline entry and never sent again. A crash between the receiver's
// answer and that mark can resend a message: receivers drop it by its
// delivery id (X-Warroom-Id and Idempotency-Key), which never changes.
//
// Order and isolation: pages go before reminders before status updates
// (Priority); each (org, channel) has one delivery in flight at a time
// across all back ends, and orgs take turns (store.ClaimOutbox); a process
// runs at most Parallel deliveries side by side, each bounded by the notify
// timeout. So a receiver that never answers, or one org's backlog, holds one
// slot and delays only its own channel.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Defaults.
const (
	// DefaultLease is how long a claim holds a row; renewed each pass while
	// the delivery is in flight, and well above notify.DefaultTimeout, which
	// bounds one attempt, so a lease never runs out under a live delivery.
	DefaultLease       = time.Minute
	DefaultMaxAttempts = 8 // 5s … 15m backoff: about 40 minutes of trying
	// DefaultParallel bounds this process's deliveries in flight. The store
	// leases one row per (org, channel) at a time, so each is another
	// channel's and a slow receiver holds one slot, never the loop.
	DefaultParallel = 8
)

// finishTimeout bounds recording an attempt after the worker was stopped.
const finishTimeout = 10 * time.Second

// Worker delivers due outbox rows of the orgs in Directory: it claims only
// as many rows as it has free slots, starts each at once, and renews the
// leases of those in flight, so no row waits under a lease behind another.
type Worker struct {
	Store     store.Store
	Directory *Directory
	Sender    notify.Sender
	// Owner names this process in leases; unique per process.
	Owner       string
	Lease       time.Duration
	MaxAttempts int
	// Parallel is the most deliveries in flight at once (DefaultParallel).
	Parallel int
	// Pager delivers pages to people (rows on paging channels); nil fails
	// them as undeliverable.
	Pager Pager

	claimMu  sync.Mutex // one pass at a time: free slots are counted, then filled
	mu       sync.Mutex
	inflight map[int64]bool
	freed    chan struct{}
}

// Stats describe one pass.
type Stats struct {
	Delivered, Retried, Failed, Lost int
}

func (s *Stats) add(o Stats) {
	s.Delivered += o.Delivered
	s.Retried += o.Retried
	s.Failed += o.Failed
	s.Lost += o.Lost
}

// RunOnce makes one pass (see start) and waits for the deliveries it
// started; it returns the first store error after they all finished.
func (w *Worker) RunOnce(ctx context.Context, now time.Time) (Stats, error) {
	var (
		mu    sync.Mutex
		total Stats
		first error
		wg    sync.WaitGroup
	)
	err := w.start(ctx, now, &wg, func(s Stats, err error) {
		mu.Lock()
		defer mu.Unlock()
		total.add(s)
		if err != nil && first == nil {
			first = err
		}
	})
	wg.Wait()
	if err == nil {
		err = first
	}
	return total, err
}

// Run makes a pass every period and whenever a delivery finishes, until ctx
// ends, then waits for the deliveries in flight. A row due now therefore
// starts within one period even while every other slot waits on a slow
// receiver. done gets each delivery's outcome (or a pass's store error) and
// must not block.
func (w *Worker) Run(ctx context.Context, now func() time.Time, period time.Duration, done func(Stats, error)) {
	freed := w.freedCh()
	t := time.NewTicker(period)
	defer t.Stop()
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		if err := w.start(ctx, now().UTC(), &wg, done); err != nil && ctx.Err() == nil {
			done(Stats{}, err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-freed:
		}
	}
}

// start renews the leases of the deliveries in flight, claims as many due
// rows as there are free slots and starts delivering each in its own
// goroutine (counted in wg), reporting each outcome to done.
func (w *Worker) start(ctx context.Context, now time.Time, wg *sync.WaitGroup, done func(Stats, error)) error {
	w.claimMu.Lock()
	defer w.claimMu.Unlock()
	lease := w.Lease
	if lease <= 0 {
		lease = DefaultLease
	}
	parallel := w.Parallel
	if parallel <= 0 {
		parallel = DefaultParallel
	}
	w.mu.Lock()
	if w.inflight == nil {
		w.inflight = map[int64]bool{}
	}
	busy := make([]int64, 0, len(w.inflight))
	for id := range w.inflight {
		busy = append(busy, id)
	}
	w.mu.Unlock()
	if err := w.Store.RenewOutbox(ctx, w.Owner, busy, now.Add(lease)); err != nil {
		return err
	}
	free := parallel - len(busy)
	if free <= 0 {
		return nil
	}
	items, err := w.Store.ClaimOutbox(ctx, w.Owner, w.Directory.Orgs(), now, lease, free)
	if err != nil {
		return err
	}
	freed := w.freedCh()
	for _, it := range items {
		w.mu.Lock()
		w.inflight[it.ID] = true
		w.mu.Unlock()
		wg.Go(func() {
			s, err := w.deliver(ctx, it, now)
			w.mu.Lock()
			delete(w.inflight, it.ID)
			w.mu.Unlock()
			select {
			case freed <- struct{}{}:
			default: // a pass is already due
			}
			done(s, err)
		})
	}
	return nil
}

func (w *Worker) freedCh() chan struct{} {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.freed == nil {
		w.freed = make(chan struct{}, 1)
	}
	return w.freed
}

// deliver makes one attempt at a leased row and records it.
func (w *Worker) deliver(ctx context.Context, it store.OutboxItem, now time.Time) (Stats, error) {
	res := w.attempt(ctx, it, now)
	// What was sent is recorded even when ctx ended meanwhile (shutdown):
	// left leased, the row would be sent again by whoever takes it over.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), finishTimeout)
	defer cancel()
	err := w.Store.FinishOutbox(fctx, it.ID, w.Owner, res)
	switch {
	case errors.Is(err, store.ErrConflict):
		return Stats{Lost: 1}, nil // our lease expired and another process took the row
	case err != nil:
		return Stats{}, err
	case res.Status == store.OutboxDelivered:
		return Stats{Delivered: 1}, nil
	case res.Status == store.OutboxFailed:
		return Stats{Failed: 1}, nil
	default:
		return Stats{Retried: 1}, nil
	}
}

// attempt delivers one row and says what to record: one timeline entry when
// delivered or given up, none for a retry (the timeline is not a log).
func (w *Worker) attempt(ctx context.Context, it store.OutboxItem, now time.Time) store.OutboxResult {
	attempt := it.Attempts + 1
	org, _ := w.Directory.Get(it.OrgID)
	if strings.HasPrefix(it.Channel, paging.ChannelPrefix) {
		return w.page(ctx, it, org, now, attempt)
	}
	ch, ok := channel(org, it.Channel)
	if !ok {
		return w.failed(it, now, attempt, "the channel is no longer configured")
	}
	var m notify.Message
	if err := json.Unmarshal(it.Payload, &m); err != nil {
		return w.failed(it, now, attempt, "the stored message is unreadable")
	}
	m.SentAt = now
	if m.URL == "" && org.BaseURL != "" {
		m.URL = strings.TrimRight(org.BaseURL, "/") + "/a/warroom-incident-app/incidents/" + url.PathEscape(m.IncidentID)
	}
	if org.SeverityLabels == "SEV" && m.Severity != "" {
		m.SeverityLabel = "SEV" + strings.TrimPrefix(string(m.Severity), "P")
	}
	req, err := notify.Build(ch, m)
	if err != nil {
		return w.failed(it, now, attempt, "the message could not be built for this channel")
	}
	req.Header.Set("Idempotency-Key", it.DeliveryID)
	res := w.Sender.Deliver(ctx, req)
	if res.OK() {
		return store.OutboxResult{Status: store.OutboxDelivered, At: now, Event: &store.NewEvent{
			Kind: incident.EventNotificationDelivered, Author: "warroom", At: now,
			Payload: incident.PayloadMap(incident.NotificationDeliveredPayload{Channel: it.Channel, Kind: string(m.Kind),
				DeliveryID: it.DeliveryID, Attempts: attempt, Status: res.Status}),
		}}
	}
	return w.retryOrFail(it, now, attempt, res)
}

// retryOrFail schedules another attempt of a retryable failure, within the
// attempt limit, else gives up.
func (w *Worker) retryOrFail(it store.OutboxItem, now time.Time, attempt int, res notify.Result) store.OutboxResult {
	limit := w.MaxAttempts
	if limit <= 0 {
		limit = DefaultMaxAttempts
	}
	if res.Retryable && attempt < limit {
		wait := max(notify.Backoff(attempt), res.RetryAfter)
		return store.OutboxResult{Status: store.OutboxPending, Error: res.Error, NextAttempt: now.Add(wait), At: now}
	}
	return w.failed(it, now, attempt, res.Error)
}

func (w *Worker) failed(it store.OutboxItem, now time.Time, attempts int, reason string) store.OutboxResult {
	return store.OutboxResult{Status: store.OutboxFailed, Error: reason, At: now, Event: &store.NewEvent{
		Kind: incident.EventNotificationFailed, Author: "warroom", At: now,
		Payload: incident.PayloadMap(incident.NotificationFailedPayload{Channel: it.Channel, DeliveryID: it.DeliveryID, Attempts: attempts,
			Error: fmt.Sprintf("not delivered after %d attempt(s): %s", attempts, reason)}),
	}}
}

func channel(o Org, name string) (notify.Channel, bool) {
	for _, c := range o.Channels {
		if c.Name == name {
			return c, true
		}
	}
	return notify.Channel{}, false
}
