package datasource

import (
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// QueryType names what a query returns. The front end's query editor and
// annotation editor send the same JSON (src/datasource/types.ts).
type QueryType string

const (
	// QueryIncidents is a table of the incidents that overlap the range.
	QueryIncidents QueryType = "incidents"
	// QueryAnnotations is the incidents' events as annotations plus each
	// incident's duration as a region.
	QueryAnnotations QueryType = "annotations"
	// QueryTimers is the escalation timers of the open incidents.
	QueryTimers QueryType = "timers"
	// QueryOnCall is who is on call now and next, one row per on-call
	// schedule of the org, as of the data source's clock.
	QueryOnCall QueryType = "oncall"
	// QueryInsights is a table of the response measures (package
	// insights), one row per group of the incidents declared in the range.
	QueryInsights QueryType = "insights"
	// QueryInsightsSeries is one measure per week or month of the range,
	// a frame per group: what a time series panel or an alert rule reads.
	QueryInsightsSeries QueryType = "insights_series"
)

// Bounds of Query.Schedules.
const (
	MaxQuerySchedules  = 50 // ids one query may name
	MaxQueryScheduleID = 64 // characters of one id (schedule.MaxIDLength)
)

// Query is one target of a panel or an annotation query. Empty filters mean
// "any"; several filters must all match.
type Query struct {
	QueryType QueryType `json:"queryType"`
	Service   string    `json:"service"`
	Severity  string    `json:"severity"`
	Tag       string    `json:"tag"`
	// Schedules narrows an oncall query to these schedule ids (empty: every
	// schedule of the org). Other query types ignore it.
	Schedules []string `json:"schedules,omitempty"`
	// Insights queries only (insights.go): GroupBy severity, service or
	// none; Measure and Stat the series' figure; Bucket week or month; TZ
	// the IANA zone whose local midnights start the buckets. Service and
	// Severity may be comma lists there (a dashboard's multi-value
	// variable).
	GroupBy string `json:"groupBy,omitempty"`
	Measure string `json:"measure,omitempty"`
	Stat    string `json:"stat,omitempty"`
	Bucket  string `json:"bucket,omitempty"`
	TZ      string `json:"tz,omitempty"`
}

// ParseQuery reads a query's JSON. Unknown fields are ignored because
// Grafana adds its own (refId, datasource, hide, intervalMs…).
func ParseQuery(raw json.RawMessage, queryType string) (Query, error) {
	var q Query
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &q); err != nil {
			return Query{}, fmt.Errorf("the query is not valid JSON")
		}
	}
	// Grafana copies queryType to DataQuery.QueryType; the JSON wins when both are set.
	if q.QueryType == "" {
		q.QueryType = QueryType(queryType)
	}
	if q.QueryType == "" {
		q.QueryType = QueryAnnotations
	}
	q.Service, q.Tag = strings.TrimSpace(q.Service), strings.TrimSpace(q.Tag)
	q.Severity = strings.ToUpper(strings.TrimSpace(q.Severity))
	switch q.QueryType {
	case QueryIncidents, QueryAnnotations, QueryTimers, QueryOnCall:
	case QueryInsights, QueryInsightsSeries:
		return q, q.checkInsights()
	default:
		return Query{}, fmt.Errorf("queryType must be incidents, annotations, timers, oncall, insights or insights_series, not %q", q.QueryType)
	}
	if q.Severity != "" && !incident.Severity(q.Severity).Valid() {
		return Query{}, fmt.Errorf("severity must be P1, P2, P3 or P4, not %q", q.Severity)
	}
	schedules, err := parseSchedules(q.Schedules)
	if err != nil {
		return Query{}, err
	}
	q.Schedules = schedules
	return q, nil
}

// parseSchedules checks the schedule ids a query names: at most
// MaxQuerySchedules, each non-empty after trimming and at most
// MaxQueryScheduleID characters. Repeats are dropped, the order kept.
func parseSchedules(in []string) ([]string, error) {
	if len(in) > MaxQuerySchedules {
		return nil, fmt.Errorf("schedules names %d schedules; at most %d", len(in), MaxQuerySchedules)
	}
	var out []string
	for i, id := range in {
		id = strings.TrimSpace(id)
		switch {
		case id == "":
			return nil, fmt.Errorf("schedules[%d] must not be empty", i)
		case utf8.RuneCountInString(id) > MaxQueryScheduleID:
			return nil, fmt.Errorf("schedules[%d] must be at most %d characters", i, MaxQueryScheduleID)
		}
		if !contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// Matches applies the filters to one incident: service among its services,
// severity equal to its current severity, tag among IncidentTags or equal to
// its id (the id is not a tag people read, but it still picks one incident).
func (q Query) Matches(inc incident.Incident) bool {
	if q.Service != "" && !contains(inc.Services, q.Service) {
		return false
	}
	if q.Severity != "" && string(inc.Severity) != q.Severity {
		return false
	}
	if q.Tag != "" && q.Tag != inc.ID && !contains(IncidentTags(inc), q.Tag) {
		return false
	}
	return true
}

// IncidentTags are the annotation tags every row of an incident carries:
// what a person reads in the tooltip and filters by — "warroom", its
// severity and its services. What a row records is in the frame's
// incidentId and kind fields, not in its tags. The write-through of
// src/annotations tags the same way, so a dashboard filtering annotations by
// tag finds both.
func IncidentTags(inc incident.Incident) []string {
	tags := []string{"warroom", string(inc.Severity)}
	return append(tags, inc.Services...)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
