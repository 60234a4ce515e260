package api

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
	"github.com/warroom/warroom-incident-app/pkg/timers/board"
)

func (a *API) listIncidents(r *http.Request, id Identity) (int, any, error) {
	f, err := parseFilter(r)
	if err != nil {
		return 0, nil, err
	}
	f.WithoutPostmortem = true // rows do not show it (IncidentRow)
	now := a.Now().UTC()
	f.TimersAt = now // the timers the scheduler stored, where they hold
	page, err := a.Store.ListIncidents(r.Context(), id.OrgID, f)
	if err != nil {
		return 0, nil, err
	}
	// The others' timers in one batched events query (board.Page), not one per row.
	timed, err := board.Page(r.Context(), a.Store, id.OrgID, page, now)
	if err != nil {
		return 0, nil, err
	}
	items := make([]IncidentRow, len(page.Items))
	for i, row := range timed {
		items[i] = rowOf(row.Incident)
		items[i].NextDeadline = board.Soonest(row.Timers)
	}
	return http.StatusOK, IncidentPage{Items: items, Total: page.Total}, nil
}

// IncidentPage answers GET /incidents: one page of rows, and how many
// incidents match the filter.
type IncidentPage struct {
	Items []IncidentRow `json:"items"`
	Total int           `json:"total"`
}

// IncidentRow is an incident in a list: what a list shows and filters on,
// without the summary, the post-mortem (up to 64 KiB each), the checklist
// and the steps. GET /incidents/{id} has everything. The store does not
// even read the post-mortem for it (Filter.WithoutPostmortem).
type IncidentRow struct {
	OrgID      int64              `json:"orgId"`
	ID         string             `json:"id"`
	Title      string             `json:"title"`
	Severity   incident.Severity  `json:"severity"`
	Status     incident.Status    `json:"status"`
	Services   []string           `json:"services"`
	CreatedBy  string             `json:"createdBy"`
	CreatedAt  time.Time          `json:"createdAt"`
	UpdatedAt  time.Time          `json:"updatedAt"`
	ResolvedAt *time.Time         `json:"resolvedAt,omitempty"`
	Version    int64              `json:"version"`
	Details    IncidentRowDetails `json:"details"`
	// NextDeadline is the running timer due first (an overdue one before any
	// still ahead), as GET /incidents/{id}/timers computes it; absent when
	// none runs.
	NextDeadline *timers.Timer `json:"nextDeadline,omitempty"`
}

// IncidentRowDetails are the details a list shows.
type IncidentRowDetails struct {
	Links           incident.Links    `json:"links"`
	Labels          map[string]string `json:"labels,omitempty"`
	Roles           incident.Roles    `json:"roles"`
	CustomerReports int               `json:"customerReports"`
	Flags           incident.Flags    `json:"flags"`
}

func rowOf(inc incident.Incident) IncidentRow {
	d := inc.Details.Normalize()
	services := inc.Services
	if services == nil {
		services = []string{}
	}
	return IncidentRow{OrgID: inc.OrgID, ID: inc.ID, Title: inc.Title, Severity: inc.Severity, Status: inc.Status,
		Services: services, CreatedBy: inc.CreatedBy, CreatedAt: inc.CreatedAt, UpdatedAt: inc.UpdatedAt,
		ResolvedAt: inc.ResolvedAt, Version: inc.Version,
		Details: IncidentRowDetails{Links: d.Links, Labels: d.Labels, Roles: d.Roles, CustomerReports: d.CustomerReports, Flags: d.Flags}}
}

// parseFilter reads the list query and reports every bad parameter at once.
func parseFilter(r *http.Request) (store.Filter, error) {
	var f store.Filter
	var errs []incident.FieldError
	bad := func(path, msg string) { errs = append(errs, incident.FieldError{Path: path, Message: msg}) }

	for _, s := range csv(r, "status") {
		if st := incident.Status(s); st.Valid() {
			f.Statuses = append(f.Statuses, st)
		} else {
			bad("status", fmt.Sprintf("unknown status %q", s))
		}
	}
	for _, s := range csv(r, "severity") {
		if sv := incident.Severity(s); sv.Valid() {
			f.Severities = append(f.Severities, sv)
		} else {
			bad("severity", fmt.Sprintf("unknown severity %q", s))
		}
	}
	q := r.URL.Query()
	f.Service = q.Get("service")
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := q.Get(name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				bad(name, "must be an RFC 3339 time such as 2026-11-29T08:00:00Z")
			}
			*dst = t
		}
	}
	switch s := store.SortField(q.Get("sort")); s {
	case "":
		f.Sort = store.SortCreated
	case store.SortCreated, store.SortUpdated, store.SortSeverity:
		f.Sort = s
	default:
		bad("sort", "must be created, updated or severity")
	}
	switch q.Get("order") {
	case "", "desc":
		f.Desc = true
	case "asc":
	default:
		bad("order", "must be asc or desc")
	}
	if f.Sort == store.SortSeverity {
		// Most severe first is what "descending severity" means to a
		// responder; the store orders P1 first when Desc is false.
		f.Desc = !f.Desc
	}
	limit, err := intParam(r, "limit", 50, 1, 500)
	if err != nil {
		bad("limit", "must be a whole number from 1 to 500")
	}
	offset, err := intParam(r, "offset", 0, 0, 1_000_000)
	if err != nil {
		bad("offset", "must be a whole number from 0")
	}
	f.Limit, f.Offset = limit, offset
	if len(errs) > 0 {
		return f, invalid("the list query is not valid", errs...)
	}
	return f, nil
}

// intParam reads an optional integer query parameter within [min, max].
func intParam(r *http.Request, name string, def, min, max int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, invalid("a query parameter is out of range", incident.FieldError{Path: name, Message: fmt.Sprintf("must be a whole number from %d to %d", min, max)})
	}
	return n, nil
}
