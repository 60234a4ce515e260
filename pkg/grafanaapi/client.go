// Package grafanaapi is a small, typed, bounded client for the Grafana HTTP
// API calls the back end needs for on-call: org users, teams and team
// members. It authenticates as the plugin's managed service account (the
// plugin.json `iam` block); see docs/grafana-users.md for when Grafana
// provides that token and which permissions each call needs.
package grafanaapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/config"
)

// Sentinel errors; match them with errors.Is.
var (
	// ErrNotFound: the user or team does not exist in the org.
	ErrNotFound = errors.New("grafanaapi: not found")
	// ErrUnauthorized: Grafana refused the service account (401/403); the
	// wrapping error names the permission the call needs.
	ErrUnauthorized = errors.New("grafanaapi: the plugin's service account is not allowed")
	// ErrUnavailable: Grafana could not be reached or answered 5xx.
	ErrUnavailable = errors.New("grafanaapi: Grafana unavailable")
)

const (
	// MaxLimit bounds every list call; it is also Grafana's default page
	// size for /api/teams/search and /api/org/users/search.
	MaxLimit = 1000
	// maxBody bounds what one response may occupy in memory.
	maxBody = 4 << 20
	// defaultTimeout applies when Client.HTTP is nil.
	defaultTimeout = 5 * time.Second
	// ServiceAccountOrgID is the only org Grafana creates plugin service
	// accounts in (pkg/services/extsvcauth/models.go TmpOrgID = 1).
	ServiceAccountOrgID = 1
)

// Permissions the calls need (RBAC action on scope), as Grafana's
// pkg/api/api.go routes authorize them; plugin.json's iam block declares
// exactly these.
const (
	PermOrgUsersRead         = "org.users:read on users:*"
	PermTeamsRead            = "teams:read on teams:*"
	PermTeamsPermissionsRead = "teams.permissions:read on teams:*"
)

// Client calls Grafana's HTTP API with a bearer token.
type Client struct {
	BaseURL string
	Token   string
	// HTTP nil means a client with a 5 s timeout.
	HTTP *http.Client
}

// User is an org user (or a team member).
type User struct {
	ID    int64
	UID   string // empty where Grafana's DTO has none (team members)
	Login string
	Name  string
	Email string
}

// Team is a team of the org.
type Team struct {
	ID          int64
	UID         string
	Name        string
	Email       string
	MemberCount int
}

// FromContext builds a Client from the plugin context Grafana sent with the
// request (the SDK's config.GrafanaConfigFromContext, which
// backend.GrafanaConfigFromContext now forwards to): GF_APP_URL and GF_PLUGIN_APP_CLIENT_SECRET of its GrafanaConfig.
// It reports false when either is missing (Grafana older than 10.3, the
// externalServiceAccounts toggle or managed_service_accounts_enabled off, no
// iam block) and for any org but org 1: Grafana creates the service account
// in org 1 only, so its token would answer with org 1's users and teams.
// Callers then fall back (e.g. accept targets unvalidated, or refuse paging
// a team).
func FromContext(ctx context.Context) (Client, bool) {
	if backend.PluginConfigFromContext(ctx).OrgID != ServiceAccountOrgID {
		return Client{}, false
	}
	cfg := config.GrafanaConfigFromContext(ctx)
	if cfg == nil {
		return Client{}, false
	}
	base, err := cfg.AppURL()
	if err != nil || base == "" {
		return Client{}, false
	}
	token, err := cfg.PluginAppClientSecret()
	if err != nil || token == "" {
		return Client{}, false
	}
	return Client{BaseURL: base, Token: token}, true
}

// orgUserDTO is the part of Grafana's org.OrgUserDTO read here
// (pkg/services/org/model.go).
type orgUserDTO struct {
	UserID int64  `json:"userId"`
	UID    string `json:"uid"`
	Login  string `json:"login"`
	Name   string `json:"name"`
	Email  string `json:"email"`
}

// teamDTO is the part of team.TeamDTO read here (pkg/services/team/model.go).
type teamDTO struct {
	ID          int64  `json:"id"`
	UID         string `json:"uid"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	MemberCount int    `json:"memberCount"`
}

// teamMemberDTO is the part of team.TeamMemberDTO read here.
type teamMemberDTO struct {
	UserID int64  `json:"userId"`
	Login  string `json:"login"`
	Name   string `json:"name"`
	Email  string `json:"email"`
}

func clamp(limit int) int {
	if limit <= 0 || limit > MaxLimit {
		return MaxLimit
	}
	return limit
}

// OrgUsers lists the org's users whose login, email or name contains query
// (GET /api/org/users?query=&limit=), at most limit (≤ MaxLimit; 0 means
// MaxLimit).
func (c Client) OrgUsers(ctx context.Context, query string, limit int) ([]User, error) {
	limit = clamp(limit)
	q := url.Values{"limit": {strconv.Itoa(limit)}}
	if query != "" {
		q.Set("query", query)
	}
	var dtos []orgUserDTO
	if err := c.get(ctx, "/api/org/users", q, PermOrgUsersRead, &dtos); err != nil {
		return nil, err
	}
	if len(dtos) > limit {
		dtos = dtos[:limit]
	}
	users := make([]User, 0, len(dtos))
	for _, d := range dtos {
		users = append(users, User{ID: d.UserID, UID: d.UID, Login: d.Login, Name: d.Name, Email: d.Email})
	}
	return users, nil
}

// UserByLogin finds the org user with exactly this login (Grafana logins
// compare case-insensitively); ErrNotFound when the org has none. It uses
// the org users API, never the server-admin-only /api/users/lookup.
func (c Client) UserByLogin(ctx context.Context, login string) (User, error) {
	if strings.TrimSpace(login) == "" {
		return User{}, fmt.Errorf("%w: empty login", ErrNotFound)
	}
	users, err := c.OrgUsers(ctx, login, MaxLimit)
	if err != nil {
		return User{}, err
	}
	for _, u := range users {
		if u.Login == login {
			return u, nil
		}
	}
	for _, u := range users {
		if strings.EqualFold(u.Login, login) {
			return u, nil
		}
	}
	if len(users) >= MaxLimit {
		// The substring search filled a whole page without the login: it
		// may be beyond it. Say so rather than claim it does not exist.
		return User{}, fmt.Errorf("grafanaapi: more than %d users match %q; cannot confirm the login", MaxLimit, login)
	}
	return User{}, fmt.Errorf("%w: user %q", ErrNotFound, login)
}

// Teams lists the org's teams whose name contains query
// (GET /api/teams/search?query=&perpage=&page=1), at most limit.
func (c Client) Teams(ctx context.Context, query string, limit int) ([]Team, error) {
	limit = clamp(limit)
	q := url.Values{"perpage": {strconv.Itoa(limit)}, "page": {"1"}}
	if query != "" {
		q.Set("query", query)
	}
	var res struct {
		Teams []teamDTO `json:"teams"`
	}
	if err := c.get(ctx, "/api/teams/search", q, PermTeamsRead, &res); err != nil {
		return nil, err
	}
	if len(res.Teams) > limit {
		res.Teams = res.Teams[:limit]
	}
	teams := make([]Team, 0, len(res.Teams))
	for _, d := range res.Teams {
		teams = append(teams, Team(d))
	}
	return teams, nil
}

// Team reads one team of the org (GET /api/teams/{id}); ErrNotFound when
// the org has no such team.
func (c Client) Team(ctx context.Context, id int64) (Team, error) {
	if id <= 0 {
		return Team{}, fmt.Errorf("%w: team %d", ErrNotFound, id)
	}
	var d teamDTO
	if err := c.get(ctx, "/api/teams/"+strconv.FormatInt(id, 10), nil, PermTeamsRead, &d); err != nil {
		return Team{}, err
	}
	return Team(d), nil
}

// TeamMembers lists a team's members (GET /api/teams/{id}/members), at most
// limit. Grafana answers an empty list for a team that does not exist, so
// validate the id with Team first when that matters.
func (c Client) TeamMembers(ctx context.Context, id int64, limit int) ([]User, error) {
	limit = clamp(limit)
	if id <= 0 {
		return nil, fmt.Errorf("%w: team %d", ErrNotFound, id)
	}
	var dtos []teamMemberDTO
	if err := c.get(ctx, "/api/teams/"+strconv.FormatInt(id, 10)+"/members", nil, PermTeamsPermissionsRead, &dtos); err != nil {
		return nil, err
	}
	if len(dtos) > limit {
		dtos = dtos[:limit]
	}
	users := make([]User, 0, len(dtos))
	for _, d := range dtos {
		users = append(users, User{ID: d.UserID, Login: d.Login, Name: d.Name, Email: d.Email})
	}
	return users, nil
}

// get sends GET BaseURL+path?query with the bearer token and decodes a 200
// into out. Errors name the method and path, never the token or the URL's
// query values beyond the path.
func (c Client) get(ctx context.Context, path string, query url.Values, perm string, out any) error {
	base, err := url.Parse(strings.TrimRight(c.BaseURL, "/"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return fmt.Errorf("grafanaapi: invalid base URL")
	}
	if c.Token == "" {
		return fmt.Errorf("GET %s: no service account token: %w", path, ErrUnauthorized)
	}
	u := *base
	u.Path = strings.TrimRight(base.Path, "/") + path
	u.RawQuery = query.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("GET %s: %v", path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: defaultTimeout}
	}
	resp, err := hc.Do(req)
	if err != nil {
		// url.Error carries the URL (no token: it travels in a header).
		return fmt.Errorf("GET %s: %w: %v", path, ErrUnavailable, errors.Unwrap(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return fmt.Errorf("GET %s: reading the response: %w", path, ErrUnavailable)
	}
	if len(body) > maxBody {
		return fmt.Errorf("GET %s: response larger than %d bytes", path, maxBody)
	}
	switch {
	case resp.StatusCode == http.StatusOK:
	case resp.StatusCode == http.StatusNotFound:
		return fmt.Errorf("GET %s: %w", path, ErrNotFound)
	case resp.StatusCode == http.StatusUnauthorized || resp.StatusCode == http.StatusForbidden:
		return fmt.Errorf("GET %s: %d %s: %w (needs %s in plugin.json iam, the externalServiceAccounts toggle and [auth] managed_service_accounts_enabled)",
			path, resp.StatusCode, grafanaMessage(body), ErrUnauthorized, perm)
	case resp.StatusCode >= 500:
		return fmt.Errorf("GET %s: %d %s: %w", path, resp.StatusCode, grafanaMessage(body), ErrUnavailable)
	default:
		return fmt.Errorf("GET %s: unexpected status %d %s", path, resp.StatusCode, grafanaMessage(body))
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("GET %s: decoding the response: %v", path, err)
	}
	return nil
}

// grafanaMessage is the "message" of Grafana's error body, shortened.
func grafanaMessage(body []byte) string {
	var e struct {
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil || e.Message == "" {
		return ""
	}
	if len(e.Message) > 200 {
		e.Message = e.Message[:200] + "…"
	}
	return strconv.Quote(e.Message)
}
