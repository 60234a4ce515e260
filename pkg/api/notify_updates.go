package api

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// statusUpdateRequest is a status update, optionally sent through some of
// the org's notification channels.
type statusUpdateRequest struct {
	incident.StatusUpdate
	Channels []string `json:"channels"`
}

// postStatusUpdate records an edited message on the timeline and, when it
// names channels, enqueues one notification per channel in the same
// transaction: the update is never recorded as sent without being queued.
func (a *API) postStatusUpdate(r *http.Request, id Identity) (int, any, error) {
	var req statusUpdateRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	ev, errs := incident.StatusUpdateEvent(req.StatusUpdate, id.Author(), now)
	errs = append(errs, a.checkChannels(req.Channels)...)
	if len(errs) > 0 {
		return 0, nil, invalid("the status update is not valid", errs...)
	}
	if err := a.admitWrite(id.OrgID, r.PathValue("id")); err != nil {
		return 0, nil, err
	}
	if len(req.Channels) == 0 {
		return a.appendToOpen(r, id, ev)
	}
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if inc.Status == incident.Resolved {
		return 0, nil, incident.ErrResolved
	}
	ev.Payload["channels"] = req.Channels
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	key := "update-" + hex.EncodeToString(nonce)
	text := req.Body
	if req.Subject != "" {
		text = req.Subject + "\n\n" + req.Body
	}
	e := store.Effects{OrgID: id.OrgID, IncidentID: inc.ID, At: now, Events: toNewEvents([]incident.Event{ev})}
	for _, name := range req.Channels {
		did := fmt.Sprintf("%d/%s/%s/%s", id.OrgID, inc.ID, key, name)
		body, err := json.Marshal(notify.Message{ID: did, IncidentID: inc.ID, Title: inc.Title, Text: text,
			Severity: inc.Severity, Kind: notify.MsgStatusUpdate, At: now})
		if err != nil {
			return 0, nil, err
		}
		// After every page and reminder (outbox.Priority): a burst of
		// updates never delays someone being paged.
		e.Outbox = append(e.Outbox, store.NewOutbox{Channel: name, DeliveryID: did, Payload: body, Priority: outbox.Priority(notify.MsgStatusUpdate)})
	}
	c, err := a.Store.Commit(r.Context(), e)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, c.Events[0], nil
}

// checkChannels accepts names of configured channels, each once.
func (a *API) checkChannels(names []string) []incident.FieldError {
	var errs []incident.FieldError
	if len(names) > incident.MaxUpdateChannels {
		return []incident.FieldError{fieldError("channels", fmt.Sprintf("at most %d channels per status update", incident.MaxUpdateChannels))}
	}
	for i, n := range names {
		path := fmt.Sprintf("channels[%d]", i)
		switch {
		case !slices.ContainsFunc(a.Channels, func(c notify.Channel) bool { return c.Name == n }):
			errs = append(errs, fieldError(path, "no such notification channel; an admin configures them on the app's configuration page"))
		case slices.Contains(names[:i], n):
			errs = append(errs, fieldError(path, "is listed twice"))
		}
	}
	return errs
}
