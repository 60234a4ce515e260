// Package demo fills an empty org with incidents from the runbooks'
// scenarios, for a first look at the app, and with a history of resolved
// incidents before them (history.go), for the Insights to measure.
package demo

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/declare"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// Seed creates the past incidents (PastIncidents) and the Scenarios'
// incidents in orgID as author, aged back from now, and returns how many it
// created. It refuses to touch an org that already
// has incidents (0), so it can never mix demo and real data.
func Seed(ctx context.Context, st store.Store, orgID int64, author string, now time.Time) (int, error) {
	page, err := st.ListIncidents(ctx, orgID, store.Filter{Limit: 1})
	if err != nil {
		return 0, err
	}
	if page.Total > 0 {
		return 0, nil
	}
	past, err := seedPast(ctx, st, orgID, author, now)
	if err != nil {
		return 0, err
	}
	for _, d := range Scenarios {
		at := now.Add(-d.Ago)
		n, declared, err := declare.New(ctx, st, orgID, author, incident.Declare{Title: d.Title, Severity: d.Severity, Services: []string{d.Service}, Summary: d.Summary}, at)
		if err != nil {
			return 0, err
		}
		inc, err := st.CreateIncident(ctx, orgID, n, []store.NewEvent{
			declared, {Kind: incident.EventNote, Author: author, At: at.Add(d.Ago / 3), Payload: incident.PayloadMap(incident.NotePayload{Text: d.Note})},
		})
		if err != nil {
			return 0, err
		}
		if d.Status != incident.Investigating {
			status := d.Status
			next, events, err := incident.Apply(inc, incident.Update{Version: inc.Version, Status: &status, Reason: "demo data"}, author, at.Add(d.Ago/2))
			if err != nil {
				return 0, err
			}
			if _, err := st.UpdateIncident(ctx, next, timeline.NewEvents(events)); err != nil {
				return 0, err
			}
		}
	}
	return past + len(Scenarios), nil
}
