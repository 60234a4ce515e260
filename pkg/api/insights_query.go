package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/insights/insightsstore"
)

// Bounds of the insights query.
const (
	defaultInsightsRange = 90 * 24 * time.Hour
	// maxInsightsRange is two years and a day: "this year against last".
	maxInsightsRange = 731 * 24 * time.Hour
	maxZoneNameLen   = 64
)

// insightsQuery is the query of GET /insights and its exports: which
// incidents (filter) and how they are cut (query, with the same filter).
type insightsQuery struct {
	filter insightsstore.Filter
	query  insights.Query
	format string // exports: "json" or "csv"
}

// parseInsightsQuery reads from and to (RFC 3339; default the 90 days up
// to now, or up to to), service and severity (parseServiceFilter, as GET
// /timers), groupBy, bucket, tz and, for exports, format, reporting every
// bad parameter at once.
func parseInsightsQuery(r *http.Request, now time.Time, export bool) (insightsQuery, error) {
	var errs []incident.FieldError
	bad := func(path, msg string) { errs = append(errs, incident.FieldError{Path: path, Message: msg}) }
	v := r.URL.Query()

	rfc3339 := func(name string, def time.Time) time.Time {
		s := strings.TrimSpace(v.Get(name))
		if s == "" {
			return def
		}
		t, err := time.Parse(time.RFC3339, s)
		if err != nil {
			bad(name, "must be an RFC 3339 time such as 2026-12-01T00:00:00Z")
			return def
		}
		return t.UTC()
	}
	to := rfc3339("to", now)
	from := rfc3339("from", to.Add(-defaultInsightsRange))
	switch {
	case !from.Before(to):
		bad("from", "must be before to")
	case to.Sub(from) > maxInsightsRange:
		bad("from", "the range may span at most 731 days")
	}

	services, severities := parseServiceFilter(r, bad)
	q := insightsQuery{
		filter: insightsstore.Filter{From: from, To: to, Services: services, Severities: severities},
		query:  insights.Query{From: from, To: to, Services: services, Severities: severities, Now: now},
	}
	q.query.GroupBy = oneOf(v.Get("groupBy"), insights.BySeverity, map[string]string{
		"severity": insights.BySeverity, "service": insights.ByService, "none": ""}, "groupBy", bad)
	q.query.Bucket = oneOf(v.Get("bucket"), insights.Week, map[string]string{
		"week": insights.Week, "month": insights.Month, "none": ""}, "bucket", bad)
	q.query.Zone = time.UTC
	if name := strings.TrimSpace(v.Get("tz")); name != "" {
		zone, err := time.LoadLocation(name)
		if err != nil || len(name) > maxZoneNameLen || name == "Local" {
			bad("tz", "must be an IANA time zone such as Europe/Paris or UTC")
		} else {
			q.query.Zone = zone
		}
	}
	if export {
		q.format = oneOf(v.Get("format"), "json", map[string]string{"json": "json", "csv": "csv"}, "format", bad)
	} else if v.Get("format") != "" {
		bad("format", "only the exports take a format")
	}
	if len(errs) > 0 {
		return q, invalid("the insights query is not valid", errs...)
	}
	return q, nil
}

// oneOf reads a parameter that takes one of a few words (empty: def).
func oneOf(s, def string, words map[string]string, name string, bad func(path, msg string)) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	if w, ok := words[s]; ok {
		return w
	}
	names := make([]string, 0, len(words))
	for k := range words {
		names = append(names, k)
	}
	slices.Sort(names)
	bad(name, fmt.Sprintf("must be one of %s", strings.Join(names, ", ")))
	return def
}
