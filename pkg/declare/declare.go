// Package declare turns a declaration (from the form, an alert or the demo
// data) into what the store creates: the incident under the org's current
// policy with the runbook checklist, and its "declared" event.
package declare

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// New is what declaring d as author stores at at.
func New(ctx context.Context, policies policystore.Reader, orgID int64, author string, d incident.Declare, at time.Time) (store.NewIncident, store.NewEvent, error) {
	pol, err := policystore.Current(ctx, policies, orgID)
	if err != nil {
		return store.NewIncident{}, store.NewEvent{}, err
	}
	details := incident.Details{Links: d.Links, Labels: d.Labels, PolicyVersion: pol.Version, Checklist: incident.DefaultChecklist()}.Normalize()
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
