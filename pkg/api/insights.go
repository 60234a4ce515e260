package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/insights/insightsstore"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
)

// Bounds of the exports: a request's answer, and the post-mortems one
// action-item export reads (one store read each).
const (
	maxExportIncidents           = 100_000
	maxExportPostmortemIncidents = 2_000
)

// InsightsIncident is one incident of GET /insights/incidents: its times,
// response times in seconds (insights.DurationsOf, absent until the later
// time is known) and outcomes ("" where its level has no such target).
type InsightsIncident struct {
	ID          string            `json:"id"`
	Title       string            `json:"title"`
	Severity    incident.Severity `json:"severity"` // the most severe level it reached
	Status      incident.Status   `json:"status"`
	Services    []string          `json:"services"`
	Declared    time.Time         `json:"declared"`
	ImpactStart time.Time         `json:"impactStart"`
	ImpactFrom  string            `json:"impactFrom" tstype:"'metrics' | 'alert' | 'declared' | 'edited'"`
	Detected    time.Time         `json:"detected"`
	// Acknowledged, Mitigated and Resolved are absent until they happen.
	Acknowledged *time.Time `json:"acknowledged,omitempty"`
	Mitigated    *time.Time `json:"mitigated,omitempty"`
	Resolved     *time.Time `json:"resolved,omitempty"`
	Reopened     int        `json:"reopened"`

	SecondsToDetect      float64  `json:"secondsToDetect"`
	SecondsToAcknowledge *float64 `json:"secondsToAcknowledge,omitempty"`
	SecondsToMitigate    *float64 `json:"secondsToMitigate,omitempty"`
	SecondsToResolve     *float64 `json:"secondsToResolve,omitempty"`

	Respond    insights.Outcome `json:"respond"`
	Resolve    insights.Outcome `json:"resolve"`
	Updates    insights.Outcome `json:"updates"`
	Postmortem insights.Outcome `json:"postmortem"`

	MissedUpdates      int `json:"missedUpdates"`
	Escalations        int `json:"escalations"`
	Pages              int `json:"pages"`
	ActionItems        int `json:"actionItems"`
	ActionItemsOpen    int `json:"actionItemsOpen"`
	ActionItemsOverdue int `json:"actionItemsOverdue"`
	// ProposedImpact is an earlier onset a re-evaluation saw: a correction
	// offered to the impact start, not applied.
	ProposedImpact *time.Time `json:"proposedImpact,omitempty"`
}

// InsightsActionItem is one action item of GET /insights/action-items.
type InsightsActionItem struct {
	IncidentID    string `json:"incidentId"`
	IncidentTitle string `json:"incidentTitle"`
	Action        string `json:"action"`
	Owner         string `json:"owner"`
	Priority      string `json:"priority" tstype:"'High' | 'Medium' | 'Low'"`
	Due           string `json:"due"` // YYYY-MM-DD
	Done          bool   `json:"done"`
	// Overdue: not done, due before the day asked in the query's tz.
	Overdue bool `json:"overdue"`
}

// InsightsIncidentExport is the JSON of GET /insights/incidents.
type InsightsIncidentExport struct {
	From  time.Time          `json:"from"`
	To    time.Time          `json:"to"`
	Items []InsightsIncident `json:"items"`
}

// InsightsActionItemExport is the JSON of GET /insights/action-items.
type InsightsActionItemExport struct {
	From  time.Time            `json:"from"`
	To    time.Time            `json:"to"`
	Items []InsightsActionItem `json:"items"`
}

// getInsights answers the Insights page: the measures of the incidents
// the query selects (insights.Summarize over the store's records).
func (a *API) getInsights(r *http.Request, id Identity) (int, any, error) {
	now := a.Now().UTC()
	q, err := parseInsightsQuery(r, now, false)
	if err != nil {
		return 0, nil, err
	}
	rows, err := insightsstore.Rows(r.Context(), a.Store, id.OrgID, q.filter, now)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, insights.Summarize(rows, q.query), nil
}

// exportRows reads an export's query and the rows it selects, oldest
// first, refusing more than maxExportIncidents.
func (a *API) exportRows(r *http.Request, id Identity) (insightsQuery, []insights.Row, time.Time, error) {
	now := a.Now().UTC()
	q, err := parseInsightsQuery(r, now, true)
	if err != nil {
		return q, nil, now, err
	}
	rows, err := insightsstore.Rows(r.Context(), a.Store, id.OrgID, q.filter, now)
	if err != nil {
		return q, nil, now, err
	}
	rows = insights.Select(rows, q.query)
	if len(rows) > maxExportIncidents {
		return q, nil, now, invalid("the export is too large", fieldError("from",
			fmt.Sprintf("%d incidents match; an export holds at most %d: narrow the range or the filters", len(rows), maxExportIncidents)))
	}
	return q, rows, now, nil
}

func (a *API) exportIncidents(r *http.Request, id Identity) (int, any, error) {
	q, rows, now, err := a.exportRows(r, id)
	if err != nil {
		return 0, nil, err
	}
	today := insights.Today(now, q.query.Zone)
	items := make([]InsightsIncident, len(rows))
	for i, row := range rows {
		items[i] = incidentRow(row, today)
	}
	return http.StatusOK, exportBody(q, "incidents", InsightsIncidentExport{From: q.filter.From, To: q.filter.To, Items: []InsightsIncident{}},
		incidentColumns, items), nil
}

func (a *API) exportActionItems(r *http.Request, id Identity) (int, any, error) {
	q, rows, now, err := a.exportRows(r, id)
	if err != nil {
		return 0, nil, err
	}
	var withItems []insights.Row
	for _, row := range rows {
		if row.ActionItems > 0 {
			withItems = append(withItems, row)
		}
	}
	if len(withItems) > maxExportPostmortemIncidents {
		return 0, nil, invalid("the export is too large", fieldError("from",
			fmt.Sprintf("%d incidents with action items match; an export reads at most %d post-mortems: narrow the range or the filters",
				len(withItems), maxExportPostmortemIncidents)))
	}
	today := insights.Today(now, q.query.Zone)
	items := []InsightsActionItem{}
	for _, row := range withItems {
		inc, err := a.Store.GetIncident(r.Context(), id.OrgID, row.IncidentID)
		if err != nil {
			return 0, nil, err
		}
		doc, saved, err := postmortem.Stored(inc)
		if err != nil {
			return 0, nil, err
		}
		if !saved {
			continue
		}
		for _, ai := range doc.ActionItems {
			items = append(items, InsightsActionItem{IncidentID: inc.ID, IncidentTitle: inc.Title, Action: ai.Action, Owner: ai.Owner,
				Priority: ai.Priority, Due: ai.Due, Done: ai.Done, Overdue: !ai.Done && insights.Overdue(ai.Due, today)})
		}
	}
	return http.StatusOK, exportBody(q, "action-items", InsightsActionItemExport{From: q.filter.From, To: q.filter.To, Items: []InsightsActionItem{}},
		actionItemColumns, items), nil
}

func incidentRow(row insights.Row, today string) InsightsIncident {
	d := insights.DurationsOf(row.Record)
	services := row.Services
	if services == nil {
		services = []string{}
	}
	return InsightsIncident{ID: row.IncidentID, Title: row.Title, Severity: row.Severity, Status: row.Status, Services: services,
		Declared: row.Declared.UTC(), ImpactStart: row.ImpactStart.UTC(), ImpactFrom: row.ImpactFrom, Detected: row.Detected.UTC(),
		Acknowledged: utcPtr(row.Acknowledged), Mitigated: utcPtr(row.Mitigated), Resolved: utcPtr(row.Resolved), Reopened: row.Reopened,
		SecondsToDetect: d.Detect, SecondsToAcknowledge: d.Acknowledge, SecondsToMitigate: d.Mitigate, SecondsToResolve: d.Resolve,
		Respond: row.Respond, Resolve: row.Resolve, Updates: row.Updates, Postmortem: row.Postmortem,
		MissedUpdates: row.MissedUpdates, Escalations: row.Escalations, Pages: row.Pages,
		ActionItems: row.ActionItems, ActionItemsOpen: len(row.OpenDue), ActionItemsOverdue: insights.OverdueItems(row.Record, today),
		ProposedImpact: utcPtr(row.ProposedImpact)}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
