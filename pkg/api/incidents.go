package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// me answers who the back end takes the caller for. Grafana's anonymous user
// has an empty login and name; anonymous says so, and author is what the
// timeline records for the caller.
func (a *API) me(r *http.Request, id Identity) (int, any, error) {
	return http.StatusOK, map[string]any{"login": id.Login, "name": id.Name, "role": id.Role.String(), "orgId": id.OrgID,
		"anonymous": id.Anonymous(), "author": id.Author()}, nil
}

func (a *API) declare(r *http.Request, id Identity) (int, any, error) {
	var d incident.Declare
	if err := decodeJSON(r, &d); err != nil {
		return 0, nil, err
	}
	d = d.Normalize()
	if errs := d.Validate(); len(errs) > 0 {
		return 0, nil, invalid("the incident is not valid", errs...)
	}
	n, declared, err := a.newIncident(r.Context(), id, d, a.Now().UTC())
	if err != nil {
		return 0, nil, err
	}
	inc, err := a.Store.CreateIncident(r.Context(), id.OrgID, n, []store.NewEvent{declared})
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, inc, nil
}

// newIncident is what declaring d stores: the incident under the org's
// current policy with the runbook checklist, and its "declared" event.
func (a *API) newIncident(ctx context.Context, id Identity, d incident.Declare, at time.Time) (store.NewIncident, store.NewEvent, error) {
	pol, err := a.currentPolicy(ctx, id.OrgID)
	if err != nil {
		return store.NewIncident{}, store.NewEvent{}, err
	}
	details := incident.Details{Links: d.Links, Labels: d.Labels, PolicyVersion: pol.Version, Checklist: incident.DefaultChecklist()}.Normalize()
	n := store.NewIncident{
		Title: d.Title, Severity: d.Severity, Status: incident.Investigating, Services: d.Services,
		Summary: d.Summary, Details: details, Author: id.Author(), At: at,
	}
	payload := map[string]any{"severity": d.Severity, "services": d.Services, "title": d.Title}
	if d.Evidence != nil {
		payload["suggested"] = d.Evidence.Suggested
		payload["evidence"] = d.Evidence.Reasons
	}
	declared := store.NewEvent{Kind: incident.EventDeclared, Author: id.Author(), At: at, Payload: payload}
	return n, declared, nil
}

func (a *API) getIncident(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	inc.Details = inc.Details.Normalize()
	return http.StatusOK, inc, nil
}

func (a *API) updateIncident(r *http.Request, id Identity) (int, any, error) {
	var u incident.Update
	if err := decodeJSON(r, &u); err != nil {
		return 0, nil, err
	}
	current, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	if u.Version >= 1 && u.Version != current.Version {
		return 0, nil, errConflict // stale before we even compute: say so, don't validate
	}
	next, events, err := incident.Apply(current, u, id.Author(), a.Now().UTC())
	if err != nil {
		return 0, nil, err
	}
	saved, err := a.Store.UpdateIncident(r.Context(), next, toNewEvents(events))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, saved, nil
}

func (a *API) addNote(r *http.Request, id Identity) (int, any, error) {
	var n incident.Note
	if err := decodeJSON(r, &n); err != nil {
		return 0, nil, err
	}
	ev, errs := incident.NoteEvent(n, id.Author(), a.Now().UTC())
	if len(errs) > 0 {
		return 0, nil, invalid("the note is not valid", errs...)
	}
	if err := a.admitWrite(id.OrgID, r.PathValue("id")); err != nil {
		return 0, nil, err
	}
	return a.appendToOpen(r, id, ev)
}

// appendToOpen adds an event to an incident that is not resolved.
func (a *API) appendToOpen(r *http.Request, id Identity, ev incident.Event) (int, any, error) {
	incID := r.PathValue("id")
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, incID)
	if err != nil {
		return 0, nil, err
	}
	if inc.Status == incident.Resolved {
		return 0, nil, incident.ErrResolved
	}
	saved, err := a.Store.AppendEvents(r.Context(), id.OrgID, incID, toNewEvents([]incident.Event{ev}))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusCreated, saved[0], nil
}

func toNewEvents(events []incident.Event) []store.NewEvent {
	out := make([]store.NewEvent, len(events))
	for i, e := range events {
		out[i] = store.NewEvent{Kind: e.Kind, Author: e.Author, At: e.At, Payload: e.Payload}
	}
	return out
}

// csv splits a comma-separated query parameter, dropping empty parts.
func csv(r *http.Request, name string) []string {
	var out []string
	for _, part := range strings.Split(r.URL.Query().Get(name), ",") {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}
