// Package outbox delivers the notifications the scheduler and the status
// updates enqueue (store.Commit inserts them with their cause). Any back end
// may deliver any row of an org it serves: rows are leased, so two processes
// never send one at the same time; a crashed process's lease expires and
// another takes over; a delivered row is marked in the same transaction as
// its timeline entry and never sent again. A crash between the receiver's
// answer and that mark can resend a message: receivers drop it by its
// delivery id (X-Warroom-Id and Idempotency-Key), which never changes.
package outbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Defaults.
const (
	DefaultLease       = time.Minute // well above notify.DefaultTimeout
	DefaultMaxAttempts = 8           // 5s … 15m backoff: about 40 minutes of trying
	DefaultBatch       = 20
)

// Worker delivers due outbox rows of the orgs in Directory.
type Worker struct {
	Store     store.Store
	Directory *Directory
	Sender    notify.Sender
	// Owner names this process in leases; unique per process.
	Owner       string
	Lease       time.Duration
	MaxAttempts int
	Batch       int
}

// Stats describe one pass.
type Stats struct {
	Delivered, Retried, Failed, Lost int
}

// RunOnce leases due rows and makes one attempt at each.
func (w *Worker) RunOnce(ctx context.Context, now time.Time) (Stats, error) {
	var st Stats
	lease, batch := w.Lease, w.Batch
	if lease <= 0 {
		lease = DefaultLease
	}
	if batch <= 0 {
		batch = DefaultBatch
	}
	items, err := w.Store.ClaimOutbox(ctx, w.Owner, w.Directory.Orgs(), now, lease, batch)
	if err != nil {
		return st, err
	}
	for _, it := range items {
		res := w.attempt(ctx, it, now)
		err := w.Store.FinishOutbox(ctx, it.ID, w.Owner, res)
		switch {
		case errors.Is(err, store.ErrConflict):
			st.Lost++ // our lease expired and another process took the row
		case err != nil:
			return st, err
		case res.Status == store.OutboxDelivered:
			st.Delivered++
		case res.Status == store.OutboxFailed:
			st.Failed++
		default:
			st.Retried++
		}
	}
	return st, nil
}

// attempt delivers one row and says what to record: one timeline entry when
// delivered or given up, none for a retry (the timeline is not a log).
func (w *Worker) attempt(ctx context.Context, it store.OutboxItem, now time.Time) store.OutboxResult {
	attempt := it.Attempts + 1
	org, _ := w.Directory.Get(it.OrgID)
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
			Payload: map[string]any{"channel": it.Channel, "kind": m.Kind, "deliveryId": it.DeliveryID, "attempts": attempt, "status": res.Status},
		}}
	}
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
		Payload: map[string]any{"channel": it.Channel, "deliveryId": it.DeliveryID, "attempts": attempts,
			"error": fmt.Sprintf("not delivered after %d attempt(s): %s", attempts, reason)},
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
