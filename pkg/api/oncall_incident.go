package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/grafanaapi"
	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/oncall/roster"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
)

// incidentOnCall shows, beside the timers, whom each tier of the incident's
// level pages now and whether an acknowledgement stopped the ladder.
func (a *API) incidentOnCall(r *http.Request, id Identity) (int, any, error) {
	inc, err := a.Store.GetIncident(r.Context(), id.OrgID, r.PathValue("id"))
	if err != nil {
		return 0, nil, err
	}
	pol, err := policystore.Version(r.Context(), a.Store, id.OrgID, inc.Details.PolicyVersion)
	if err != nil {
		return 0, nil, err
	}
	now := a.Now().UTC()
	out := IncidentOnCall{Severity: inc.Severity, Tiers: []TierView{}}
	if m, ok := inc.Details.Steps["acknowledge"]; ok && !m.At.IsZero() {
		out.Acknowledged = &m
	}
	lvl, _ := pol.Level(inc.Severity)
	var all []policy.Tier
	all = append(all, lvl.Tiers...)
	res, err := a.roster(r.Context()).Resolve(r.Context(), id.OrgID, paging.Targets(all...), now)
	if err != nil {
		return 0, nil, err
	}
	for i, t := range lvl.Tiers {
		tv := TierView{Index: i, After: t.After, Who: t.Who, Reached: !inc.CreatedAt.Add(t.After.D()).After(now), Targets: []TargetView{}}
		for _, tg := range t.Targets {
			v := TargetView{Target: tg, Label: paging.Describe(tg), People: []string{}}
			for _, reach := range res.Reaches {
				if reach.Target == tg {
					v.People, v.Problem = reach.People, reach.Problem
				}
			}
			if tg.Kind == policy.TargetChannel {
				v.Problem = ""
			}
			if tg.Kind == policy.TargetSchedule {
				v.Next = a.nextOnCall(r.Context(), id.OrgID, tg.ID, now)
			}
			tv.Targets = append(tv.Targets, v)
		}
		out.Tiers = append(out.Tiers, tv)
	}
	return http.StatusOK, out, nil
}

// roster resolves targets for this request: teams through Grafana when
// the request carries the app's service account.
func (a *API) roster(ctx context.Context) roster.Roster {
	rs := roster.Roster{Store: a.Store}
	if c, ok := grafanaapi.FromContext(ctx); ok {
		rs.Teams = GrafanaTeams{Client: c}
	}
	return rs
}

// GrafanaTeams reads team members through Grafana's team API; only the
// org Grafana made the service account in can be read (docs/grafana-users.md).
type GrafanaTeams struct {
	Client grafanaapi.Client
}

// Members implements roster.Teams.
func (t GrafanaTeams) Members(ctx context.Context, orgID int64, teamID string) ([]string, error) {
	if orgID != grafanaapi.ServiceAccountOrgID {
		return nil, roster.ErrNoTeams
	}
	n, err := strconv.ParseInt(strings.TrimSpace(teamID), 10, 64)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	users, err := t.Client.TeamMembers(ctx, n, paging.MaxPeople)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(users))
	for _, u := range users {
		out = append(out, u.Login)
	}
	return out, nil
}

// nextOnCall is who takes over a schedule next, for the incident page's
// "now and next"; nil when the schedule cannot be read.
func (a *API) nextOnCall(ctx context.Context, orgID int64, id string, now time.Time) *schedule.Shift {
	rec, err := a.Store.Schedule(ctx, orgID, id)
	if err != nil {
		return nil
	}
	s, err := decodeSchedule(rec)
	if err != nil {
		return nil
	}
	_, next := s.NowAndNext(now)
	return next
}
