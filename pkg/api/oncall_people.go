package api

import (
	"context"
	"errors"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/warroom/warroom-incident-app/pkg/grafanaapi"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// maxPeople bounds a picker's answer.
const maxPeople = 100

var errGrafanaUnavailable = codeError(CodeGrafanaUnavailable, "Grafana's user and team API did not answer; try again")

// people lists the org's users matching query: from Grafana through the
// app's service account when Grafana gives the back end one (plugin.json
// iam, docs/grafana-users.md), else the people Warroom knows (those with
// contact methods), and always the caller.
func (a *API) people(ctx context.Context, id Identity, query string) (PeopleList, error) {
	q := strings.ToLower(strings.TrimSpace(query))
	if c, ok := grafanaapi.FromContext(ctx); ok && id.OrgID == grafanaapi.ServiceAccountOrgID {
		users, err := c.OrgUsers(ctx, q, maxPeople)
		if err != nil {
			return PeopleList{}, errGrafanaUnavailable
		}
		out := PeopleList{Source: "grafana", People: make([]Person, 0, len(users))}
		for _, u := range users {
			out.People = append(out.People, Person{Login: u.Login, Name: u.Name, Email: u.Email})
		}
		return out, nil
	}
	methods, err := a.Store.ContactMethods(ctx, id.OrgID, nil)
	if err != nil {
		return PeopleList{}, err
	}
	seen := map[string]bool{}
	out := PeopleList{Source: "warroom", People: []Person{}}
	add := func(login, name string) {
		if login == "" || seen[login] || len(out.People) == maxPeople {
			return
		}
		if q != "" && !strings.Contains(strings.ToLower(login), q) && !strings.Contains(strings.ToLower(name), q) {
			return
		}
		seen[login] = true
		out.People = append(out.People, Person{Login: login, Name: name})
	}
	add(id.Login, id.Name)
	for _, m := range methods {
		add(m.Login, "")
	}
	sort.Slice(out.People, func(i, j int) bool { return out.People[i].Login < out.People[j].Login })
	return out, nil
}

func (a *API) listPeople(r *http.Request, id Identity) (int, any, error) {
	p, err := a.people(r.Context(), id, r.URL.Query().Get("query"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, p, nil
}

func (a *API) listTeams(r *http.Request, id Identity) (int, any, error) {
	c, ok := grafanaapi.FromContext(r.Context())
	if !ok || id.OrgID != grafanaapi.ServiceAccountOrgID {
		return http.StatusOK, TeamList{Available: false, Teams: []Team{}}, nil
	}
	teams, err := c.Teams(r.Context(), r.URL.Query().Get("query"), maxPeople)
	if err != nil {
		return 0, nil, errGrafanaUnavailable
	}
	out := TeamList{Available: true, Teams: make([]Team, 0, len(teams))}
	for _, t := range teams {
		out.Teams = append(out.Teams, Team{ID: strconv.FormatInt(t.ID, 10), Name: t.Name, MemberCount: t.MemberCount})
	}
	return http.StatusOK, out, nil
}

// targetDirectory checks policy targets against the org: schedules and
// channels here, users and teams in Grafana when the back end can ask it.
// Without Grafana's API a user target is accepted as the people list
// knows it, and a team target cannot be checked (refused).
type targetDirectory struct {
	a   *API
	ctx context.Context
	id  Identity
}

func (d targetDirectory) Exists(kind, key string) (bool, error) {
	switch kind {
	case policy.TargetSchedule:
		_, err := d.a.Store.Schedule(d.ctx, d.id.OrgID, key)
		if err == nil {
			return true, nil
		}
		if isNotFound(err) {
			return false, nil
		}
		return false, err
	case policy.TargetChannel:
		for _, c := range d.a.Channels {
			if c.Name == key {
				return true, nil
			}
		}
		return false, nil
	case policy.TargetUser:
		if c, ok := grafanaapi.FromContext(d.ctx); ok && d.id.OrgID == grafanaapi.ServiceAccountOrgID {
			_, err := c.UserByLogin(d.ctx, key)
			if errors.Is(err, grafanaapi.ErrNotFound) {
				return false, nil
			}
			if err != nil {
				return false, errGrafanaUnavailable
			}
			return true, nil
		}
		p, err := d.a.people(d.ctx, d.id, key)
		if err != nil {
			return false, err
		}
		for _, person := range p.People {
			if person.Login == key {
				return true, nil
			}
		}
		return false, nil
	case policy.TargetTeam:
		c, ok := grafanaapi.FromContext(d.ctx)
		n, err := strconv.ParseInt(key, 10, 64)
		if !ok || d.id.OrgID != grafanaapi.ServiceAccountOrgID || err != nil {
			return false, nil
		}
		_, err = c.Team(d.ctx, n)
		if errors.Is(err, grafanaapi.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, errGrafanaUnavailable
		}
		return true, nil
	}
	return false, nil
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
