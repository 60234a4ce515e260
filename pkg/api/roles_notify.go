package api

import (
	"context"
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// assignment is one person newly given a role.
type assignment struct {
	login, role string
}

// newAssignments lists who next's roles name that before's did not, in
// role order, without the person making the change (they know).
func newAssignments(before, next incident.Roles, self string) []assignment {
	had := map[string]bool{before.Commander: true, before.Communications: true}
	for _, r := range before.Responders {
		had[r] = true
	}
	var out []assignment
	seen := map[string]bool{}
	add := func(login, role string) {
		if login == "" || login == self || had[login] || seen[login] {
			return
		}
		seen[login] = true
		out = append(out, assignment{login, role})
	}
	add(next.Commander, "incident commander")
	add(next.Communications, "communications lead")
	for _, r := range next.Responders {
		add(r, "responder")
	}
	return out
}

// saveWithAssignments stores the update and, in the same transaction, one
// notification per contact method of each person newly given a role (a
// role names a Grafana login; free text for people outside Grafana has no
// contact methods and reaches nobody). The delivery ids name the version
// the change was made to, so a retried request cannot notify twice.
func (a *API) saveWithAssignments(ctx context.Context, current, next incident.Incident, events []incident.Event, author string) (incident.Incident, error) {
	as := newAssignments(current.Details.Roles, next.Details.Roles, author)
	if len(as) == 0 {
		return a.Store.UpdateIncident(ctx, next, timeline.NewEvents(events))
	}
	logins := make([]string, len(as))
	for i, x := range as {
		logins[i] = x.login
	}
	methods, err := a.Store.ContactMethods(ctx, current.OrgID, logins)
	if err != nil {
		return incident.Incident{}, err
	}
	byLogin := map[string][]paging.Method{}
	for _, m := range methods {
		byLogin[m.Login] = append(byLogin[m.Login], paging.Method{ID: m.ID, Kind: m.Kind})
	}
	now := a.Now().UTC()
	e := store.Effects{OrgID: current.OrgID, IncidentID: current.ID, At: now, ExpectVersion: current.Version, Update: &next,
		Events: timeline.NewEvents(events)}
	for _, x := range as {
		if len(byLogin[x.login]) == 0 {
			continue
		}
		pg := paging.Plan(paging.Input{OrgID: current.OrgID, IncidentID: current.ID, Title: current.Title, Severity: string(next.Severity),
			Firing: fmt.Sprintf("role:v%d", current.Version), Reason: fmt.Sprintf("You were made %s by %s.", x.role, author), At: now},
			paging.Resolution{Reaches: []paging.Reach{{Target: policy.Target{Kind: policy.TargetUser, ID: x.login}, People: []string{x.login}}},
				Methods: byLogin})
		e.Outbox = append(e.Outbox, pg.Outbox...)
	}
	if len(e.Outbox) == 0 {
		return a.Store.UpdateIncident(ctx, next, timeline.NewEvents(events))
	}
	if _, err := a.Store.Commit(ctx, e); err != nil {
		return incident.Incident{}, err
	}
	return a.Store.GetIncident(ctx, current.OrgID, current.ID)
}
