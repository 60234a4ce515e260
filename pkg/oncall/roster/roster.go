// Package roster resolves escalation targets to people at a moment: a
// schedule to whoever it has on call, a team to its members, a user to
// themself; and those people to their contact methods. The scheduler calls
// it when a tier that pages is owed (scheduler.Roster).
package roster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/oncall/paging"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Teams reads a Grafana team's members (pkg/grafanaapi through the org's
// managed service account).
type Teams interface {
	// Members returns the logins of the team's members; ErrNoTeams when the
	// org's back end has no access to Grafana's team API.
	Members(ctx context.Context, orgID int64, teamID string) ([]string, error)
}

// ErrNoTeams means Grafana gives this back end no team API (docs/oncall.md).
var ErrNoTeams = errors.New("the back end has no access to Grafana's team API")

// Roster implements scheduler.Roster over the store.
type Roster struct {
	Store store.OnCall
	// Teams is nil when no org can read teams.
	Teams Teams
}

// Resolve answers who each target reaches at now. A store error is
// returned (the scheduler retries the incident); a target that reaches
// nobody carries its reason.
func (r Roster) Resolve(ctx context.Context, orgID int64, targets []policy.Target, now time.Time) (paging.Resolution, error) {
	res := paging.Resolution{Methods: map[string][]paging.Method{}}
	var logins []string
	for _, t := range targets {
		reach, err := r.reach(ctx, orgID, t, now)
		if err != nil {
			return paging.Resolution{}, err
		}
		res.Reaches = append(res.Reaches, reach)
		logins = append(logins, reach.People...)
	}
	if len(logins) == 0 {
		return res, nil
	}
	methods, err := r.Store.ContactMethods(ctx, orgID, logins)
	if err != nil {
		return paging.Resolution{}, err
	}
	for _, m := range methods {
		res.Methods[m.Login] = append(res.Methods[m.Login], paging.Method{ID: m.ID, Kind: m.Kind})
	}
	return res, nil
}

func (r Roster) reach(ctx context.Context, orgID int64, t policy.Target, now time.Time) (paging.Reach, error) {
	out := paging.Reach{Target: t, People: []string{}}
	switch t.Kind {
	case policy.TargetUser:
		out.People = []string{t.ID}
	case policy.TargetSchedule:
		rec, err := r.Store.Schedule(ctx, orgID, t.ID)
		if errors.Is(err, store.ErrNotFound) {
			out.Problem = fmt.Sprintf("schedule %s no longer exists", t.ID)
			return out, nil
		}
		if err != nil {
			return out, err
		}
		var s schedule.Schedule
		if err := json.Unmarshal(rec.Body, &s); err != nil {
			out.Problem = fmt.Sprintf("schedule %s is unreadable", t.ID)
			return out, nil
		}
		shift, ok := s.At(now)
		if !ok {
			out.Problem = fmt.Sprintf("nobody is on call in schedule %s", t.ID)
			return out, nil
		}
		out.People = []string{shift.User}
	case policy.TargetTeam:
		if r.Teams == nil {
			out.Problem = fmt.Sprintf("team %s: %s", t.ID, ErrNoTeams)
			return out, nil
		}
		members, err := r.Teams.Members(ctx, orgID, t.ID)
		switch {
		case err != nil:
			out.Problem = fmt.Sprintf("team %s could not be read: %s", t.ID, safe(err))
		case len(members) == 0:
			out.Problem = fmt.Sprintf("team %s has no members", t.ID)
		default:
			out.People = members
		}
	}
	return out, nil
}

// safe keeps a team error's first line short for the timeline.
func safe(err error) string {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}
