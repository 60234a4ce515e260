package statusupdate

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// A status update queued before a page on the same channel is still sent
// after it: updates go last (outbox.Priority).
func TestStatusUpdateQueuesBehindPages(t *testing.T) {
	ctx := context.Background()
	st := testsqlite.Open(t)
	now := time.Now().UTC()
	inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "checkout down", Severity: incident.P1, Status: incident.Investigating,
		Author: "ada", At: now}, nil)
	if err != nil {
		t.Fatal(err)
	}
	u := incident.StatusUpdate{Body: "Investigating."}
	ev, errs := incident.StatusUpdateEvent(u, "ada", now)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, err := Post(ctx, st, 1, inc.ID, u, ev, []string{"ops"}, now); err != nil {
		t.Fatalf("update: %v", err)
	}
	// The page is enqueued after the update, and due after it.
	if _, err := st.Commit(ctx, store.Effects{OrgID: 1, IncidentID: inc.ID, Key: "tier:P1:1", At: time.Now().UTC().Add(time.Millisecond), Outbox: []store.NewOutbox{
		{Channel: "ops", DeliveryID: "the-page", Payload: []byte(`{}`), Priority: outbox.Priority(notify.MsgEscalation)}}}); err != nil {
		t.Fatal(err)
	}
	var order []string
	for range 2 {
		rows, err := st.ClaimOutbox(ctx, "w", []int64{1}, time.Now().Add(time.Second), time.Minute, 10)
		if err != nil || len(rows) != 1 {
			t.Fatalf("claim: %+v %v, want one row of the channel", rows, err)
		}
		kind := "update"
		if rows[0].DeliveryID == "the-page" {
			kind = "page"
		}
		order = append(order, kind)
		if err := st.FinishOutbox(ctx, rows[0].ID, "w", store.OutboxResult{Status: store.OutboxDelivered, At: now}); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(order, ",") != "page,update" {
		t.Errorf("sent %v, want the page before the earlier status update", order)
	}
}
