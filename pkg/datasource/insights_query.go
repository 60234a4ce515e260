package datasource

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
)

// Bounds of the insights queries, as GET /insights bounds them.
const (
	MaxInsightsRange    = 731 * 24 * time.Hour
	MaxInsightsServices = 50
	maxServiceName      = 200
	maxZoneName         = 64
)

// Series measures (Query.Measure): a duration (Stat applies, in seconds),
// a count, or a ratio per incident, each read from an insights.Group.
var SeriesMeasures = []string{
	"mttd", "mtta", "mttm", "mttr",
	"incidents", "open", "resolved", "reopened",
	"respond_breached", "resolve_breached", "updates_breached", "postmortem_breached",
	"escalations_per_incident", "pages_per_incident",
	"action_items_open", "action_items_overdue",
}

// Stats of a duration measure (Query.Stat).
var Stats = []string{"median", "p90", "mean"}

// checkInsights validates and defaults the fields of an insights query.
func (q *Query) checkInsights() error {
	for _, s := range splitList(q.Severity) {
		if !incident.Severity(strings.ToUpper(s)).Valid() {
			return fmt.Errorf("severity must be P1, P2, P3 or P4 (or a comma list of them), not %q", s)
		}
	}
	services := splitList(q.Service)
	if len(services) > MaxInsightsServices {
		return fmt.Errorf("service names %d services; at most %d", len(services), MaxInsightsServices)
	}
	for _, s := range services {
		if utf8.RuneCountInString(s) > maxServiceName {
			return fmt.Errorf("a service name is at most %d characters", maxServiceName)
		}
	}
	defGroup := insights.BySeverity
	if q.QueryType == QueryInsightsSeries {
		defGroup = "none" // one series unless asked: what an alert rule reads
	}
	var err error
	if q.GroupBy, err = word("groupBy", q.GroupBy, defGroup, []string{insights.BySeverity, insights.ByService, "none"}); err != nil {
		return err
	}
	if q.Bucket, err = word("bucket", q.Bucket, insights.Week, []string{insights.Week, insights.Month}); err != nil {
		return err
	}
	if q.QueryType == QueryInsightsSeries {
		if q.Measure, err = word("measure", q.Measure, "", SeriesMeasures); err != nil {
			return err
		}
		if q.Stat, err = word("stat", q.Stat, "median", Stats); err != nil {
			return err
		}
	}
	q.TZ = strings.TrimSpace(q.TZ)
	if q.TZ != "" {
		if _, err := time.LoadLocation(q.TZ); err != nil || len(q.TZ) > maxZoneName || q.TZ == "Local" {
			return fmt.Errorf("tz must be an IANA time zone such as Europe/Paris or UTC, not %q", q.TZ)
		}
	}
	return nil
}

// word reads a field that takes one of words; empty is def, unless def
// is "" (required).
func word(name, v, def string, words []string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" && def != "" {
		return def, nil
	}
	if !slices.Contains(words, v) {
		return "", fmt.Errorf("%s must be one of %s, not %q", name, strings.Join(words, ", "), v)
	}
	return v, nil
}

// splitList reads a comma list, dropping empty parts and repeats.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// insightsQuery is what Summarize is asked for the query over r as of now.
func (q Query) insightsQuery(r Range, now time.Time) insights.Query {
	iq := insights.Query{From: r.From, To: r.To, Services: splitList(q.Service), Bucket: q.Bucket, Now: now, Zone: time.UTC}
	for _, s := range splitList(q.Severity) {
		iq.Severities = append(iq.Severities, incident.Severity(strings.ToUpper(s)))
	}
	if q.GroupBy != "none" {
		iq.GroupBy = q.GroupBy
	}
	if q.TZ != "" {
		iq.Zone, _ = time.LoadLocation(q.TZ) // checked by checkInsights
	}
	return iq
}
