// Package declare turns a declaration (from the form, an alert or the demo
// data) into what the store creates: the incident under the org's current
// policy with the runbook checklist, and its "declared" event.
package declare

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// MaxOnsetBefore bounds how long before its declaration an incident's
// impact may have started by its evidence or alerts: an evaluation reads
// at most 31 days of metrics, so an older onset is a clock or client
// error. The same bound as an edit's (incident.MaxImpactBefore).
const MaxOnsetBefore = incident.MaxImpactBefore

// Check is d.Validate and what depends on when d is declared (at): the
// evidence's onset, not after at and at most MaxOnsetBefore before it.
func Check(d incident.Declare, at time.Time) []incident.FieldError {
	return append(d.Validate(), checkOnset(d, at)...)
}

func checkOnset(d incident.Declare, at time.Time) []incident.FieldError {
	e := d.Evidence
	switch {
	case e == nil || e.Onset == nil:
		return nil
	case e.Onset.After(at):
		return []incident.FieldError{{Path: "evidence.onset", Message: "must not be after the declaration"}}
	case e.Onset.Before(at.Add(-MaxOnsetBefore)):
		return []incident.FieldError{{Path: "evidence.onset", Message: "must be at most 32 days before the declaration"}}
	}
	return nil
}

// New is what declaring d as author stores at at. With an evidence onset
// the impact started then (metrics); without, Details.Impact stays nil and
// the impact started at the declaration (insights.Derive).
func New(ctx context.Context, policies policystore.Reader, orgID int64, author string, d incident.Declare, at time.Time) (store.NewIncident, store.NewEvent, error) {
	if errs := checkOnset(d, at); len(errs) > 0 { // callers have run Validate
		return store.NewIncident{}, store.NewEvent{}, incident.Invalid(errs)
	}
	pol, err := policystore.Current(ctx, policies, orgID)
	if err != nil {
		return store.NewIncident{}, store.NewEvent{}, err
	}
	details := incident.Details{Links: d.Links, Labels: d.Labels, PolicyVersion: pol.Version, Checklist: incident.DefaultChecklist()}.Normalize()
	if d.Evidence != nil && d.Evidence.Onset != nil {
		details.Impact = &incident.Impact{Start: d.Evidence.Onset.UTC(), From: insights.FromMetrics}
	}
	n := store.NewIncident{
		Title: d.Title, Severity: d.Severity, Status: incident.Investigating, Services: d.Services,
		Summary: d.Summary, Details: details, Author: author, At: at,
	}
	payload := incident.DeclaredPayload{Severity: d.Severity, Services: d.Services, Title: d.Title}
	if d.Evidence != nil {
		payload.Suggested, payload.Evidence = d.Evidence.Suggested, d.Evidence.Reasons
	}
	declared := store.NewEvent{Kind: incident.EventDeclared, Author: author, At: at, Payload: incident.PayloadMap(payload)}
	return n, declared, nil
}
