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
	next := a.nextOnCall(r.Context(), id.OrgID, lvl.Tiers, now)
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
				v.Next = next[tg.ID]
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

// nextOnCall is who takes over each schedule the tiers name, for the
// incident page's "now and next", from one read of the org's schedules;
// an unreadable schedule has none.
func (a *API) nextOnCall(ctx context.Context, orgID int64, tiers []policy.Tier, now time.Time) map[string]*schedule.Shift {
	out := map[string]*schedule.Shift{}
	for _, t := range paging.Targets(tiers...) {
		if t.Kind == policy.TargetSchedule {
			out[t.ID] = nil
		}
	}
	if len(out) == 0 {
		return out
	}
	recs, err := a.Store.Schedules(ctx, orgID)
	if err != nil {
		return out
	}
	for _, rec := range recs {
		if _, named := out[rec.ID]; !named {
			continue
		}
		if s, err := decodeSchedule(rec); err == nil {
			_, out[rec.ID] = s.NowAndNext(now)
		}
	}
	return out
}
