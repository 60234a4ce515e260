package outbox

import (
	"context"
	"encoding/json"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Pager sends one page to one person's contact method (pkg/oncall/pager):
// it reads the method's settings, signs the acknowledge link and makes one
// attempt. The worker retries and records, as for channels.
type Pager interface {
	Page(ctx context.Context, orgID int64, org Org, job paging.Job, deliveryID string, now time.Time) notify.Result
}

// page delivers a row of a paging channel; the timeline names the person
// and the method kind, so each recipient's page is visible on its own.
func (w *Worker) page(ctx context.Context, it store.OutboxItem, org Org, now time.Time, attempt int) store.OutboxResult {
	var job paging.Job
	if err := json.Unmarshal(it.Payload, &job); err != nil {
		return w.failed(it, now, attempt, "the stored page is unreadable")
	}
	if w.Pager == nil {
		return w.pageFailed(it, job, now, attempt, "paging is not available in this back end")
	}
	res := w.Pager.Page(ctx, it.OrgID, org, job, it.DeliveryID, now)
	if res.OK() {
		return store.OutboxResult{Status: store.OutboxDelivered, At: now, Event: &store.NewEvent{
			Kind: incident.EventNotificationDelivered, Author: "warroom", At: now,
			Payload: incident.PayloadMap(incident.NotificationDeliveredPayload{Channel: it.Channel, Kind: "page",
				DeliveryID: it.DeliveryID, Attempts: attempt, Status: res.Status, Recipient: job.Login, Via: job.Method.Kind}),
		}}
	}
	out := w.retryOrFail(it, now, attempt, res)
	if out.Event != nil {
		return w.pageFailed(it, job, now, attempt, res.Error)
	}
	return out
}

func (w *Worker) pageFailed(it store.OutboxItem, job paging.Job, now time.Time, attempt int, reason string) store.OutboxResult {
	out := w.failed(it, now, attempt, reason)
	p := incident.DecodePayload[incident.NotificationFailedPayload](incident.Event{Payload: out.Event.Payload})
	p.Recipient, p.Via = job.Login, job.Method.Kind
	out.Event.Payload = incident.PayloadMap(p)
	return out
}
