// Package statusupdate records a status update on an incident's timeline
// and queues it for the notification channels it names, in one
// transaction: an update is never recorded as sent without being queued.
package statusupdate

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// CheckChannels accepts names of configured channels, each once.
func CheckChannels(configured []notify.Channel, names []string) []incident.FieldError {
	var errs []incident.FieldError
	if len(names) > incident.MaxUpdateChannels {
		return []incident.FieldError{{Path: "channels", Message: fmt.Sprintf("at most %d channels per status update", incident.MaxUpdateChannels)}}
	}
	for i, n := range names {
		path := fmt.Sprintf("channels[%d]", i)
		switch {
		case !slices.ContainsFunc(configured, func(c notify.Channel) bool { return c.Name == n }):
			errs = append(errs, incident.FieldError{Path: path, Message: "no such notification channel; an admin configures them on the app's configuration page"})
		case slices.Contains(names[:i], n):
			errs = append(errs, incident.FieldError{Path: path, Message: "is listed twice"})
		}
	}
	return errs
}

// Post records ev, the status update u as incident.StatusUpdateEvent made
// it, on an open incident and queues one notification per channel (names
// checked by CheckChannels). It returns the event as stored.
func Post(ctx context.Context, st store.Store, orgID int64, incID string, u incident.StatusUpdate, ev incident.Event, channels []string, now time.Time) (incident.Event, error) {
	if len(channels) == 0 {
		return timeline.AppendToOpen(ctx, st, orgID, incID, ev)
	}
	inc, err := st.GetIncident(ctx, orgID, incID)
	if err != nil {
		return incident.Event{}, err
	}
	if inc.Status == incident.Resolved {
		return incident.Event{}, incident.ErrResolved
	}
	sent := incident.DecodePayload[incident.StatusUpdatePayload](ev)
	sent.Channels = channels
	ev.Payload = incident.PayloadMap(sent)
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	key := "update-" + hex.EncodeToString(nonce)
	text := u.Body
	if u.Subject != "" {
		text = u.Subject + "\n\n" + u.Body
	}
	e := store.Effects{OrgID: orgID, IncidentID: inc.ID, At: now, Events: timeline.NewEvents([]incident.Event{ev})}
	for _, name := range channels {
		did := fmt.Sprintf("%d/%s/%s/%s", orgID, inc.ID, key, name)
		body, err := json.Marshal(notify.Message{ID: did, IncidentID: inc.ID, Title: inc.Title, Text: text,
			Severity: inc.Severity, Kind: notify.MsgStatusUpdate, At: now})
		if err != nil {
			return incident.Event{}, err
		}
		// After every page and reminder (outbox.Priority): a burst of
		// updates never delays someone being paged.
		e.Outbox = append(e.Outbox, store.NewOutbox{Channel: name, DeliveryID: did, Payload: body, Priority: outbox.Priority(notify.MsgStatusUpdate)})
	}
	c, err := st.Commit(ctx, e)
	if err != nil {
		return incident.Event{}, err
	}
	return c.Events[0], nil
}
