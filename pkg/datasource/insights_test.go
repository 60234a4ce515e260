package datasource

import (
	"reflect"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/experimental"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
)

func TestParseInsightsQuery(t *testing.T) {
	cases := []struct {
		raw  string
		want Query
		err  bool
	}{
		{raw: `{"queryType":"insights"}`, want: Query{QueryType: QueryInsights, GroupBy: "severity", Bucket: "week"}},
		{raw: `{"queryType":"insights_series","measure":"mtta","severity":"p1","service":"api, web","tz":"Europe/Paris"}`,
			want: Query{QueryType: QueryInsightsSeries, Measure: "mtta", Stat: "median", GroupBy: "none", Bucket: "week",
				Severity: "P1", Service: "api, web", TZ: "Europe/Paris"}},
		{raw: `{"queryType":"insights_series","measure":"respond_breached","stat":"p90","groupBy":"service","bucket":"month"}`,
			want: Query{QueryType: QueryInsightsSeries, Measure: "respond_breached", Stat: "p90", GroupBy: "service", Bucket: "month"}},
		{raw: `{"queryType":"insights","severity":"P1,P2"}`, want: Query{QueryType: QueryInsights, Severity: "P1,P2", GroupBy: "severity", Bucket: "week"}},
		{raw: `{"queryType":"insights_series"}`, err: true}, // no measure
		{raw: `{"queryType":"insights_series","measure":"mtbf"}`, err: true},
		{raw: `{"queryType":"insights_series","measure":"mttr","stat":"p99"}`, err: true},
		{raw: `{"queryType":"insights","groupBy":"team"}`, err: true},
		{raw: `{"queryType":"insights","bucket":"day"}`, err: true},
		{raw: `{"queryType":"insights","tz":"Mars/Olympus"}`, err: true},
		{raw: `{"queryType":"insights","tz":"Local"}`, err: true},
		{raw: `{"queryType":"insights","severity":"P1,P9"}`, err: true},
		{raw: `{"queryType":"insights","service":"` + manyNames(51) + `"}`, err: true},
	}
	for _, c := range cases {
		got, err := ParseQuery([]byte(c.raw), "")
		if (err != nil) != c.err || (!c.err && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("ParseQuery(%s) = %+v, %v; want %+v, error %v", c.raw, got, err, c.want, c.err)
		}
	}
}

func manyNames(n int) string {
	s := ""
	for i := range n {
		if i > 0 {
			s += ","
		}
		s += "s" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	return s
}

// insightsRows: three incidents over two weeks of March 2026. A P1 on api
// detected 5 min after its impact, acknowledged after 3 min, resolved
// after an hour, respond met; a P1 on api and web acknowledged after 9
// min, respond breached, open; a P3 on web the next week, never
// acknowledged.
func insightsRows() []insights.Row {
	mon := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	p := func(t time.Time) *time.Time { return &t }
	return []insights.Row{
		{Title: "a", Services: []string{"api"}, Record: insights.Record{IncidentID: "INC-1", Severity: incident.P1, Status: incident.Resolved,
			ImpactStart: mon.Add(-5 * time.Minute), Detected: mon, Declared: mon, Acknowledged: p(mon.Add(3 * time.Minute)),
			Resolved: p(mon.Add(55 * time.Minute)), Respond: insights.Met, Resolve: insights.Met, Escalations: 1, Pages: 2, OpenDue: []string{}}},
		{Title: "b", Services: []string{"api", "web"}, Record: insights.Record{IncidentID: "INC-2", Severity: incident.P1, Status: incident.Investigating,
			ImpactStart: mon.Add(time.Hour), Detected: mon.Add(time.Hour), Declared: mon.Add(time.Hour), Acknowledged: p(mon.Add(69 * time.Minute)),
			Respond: insights.Breached, Resolve: insights.Pending, ActionItems: 1, OpenDue: []string{"2026-03-01"}}},
		{Title: "c", Services: []string{"web"}, Record: insights.Record{IncidentID: "INC-3", Severity: incident.P3, Status: incident.Investigating,
			ImpactStart: mon.Add(7 * 24 * time.Hour), Detected: mon.Add(7 * 24 * time.Hour), Declared: mon.Add(7 * 24 * time.Hour), OpenDue: []string{}}},
	}
}

func insightsRange() insights.Query {
	return insights.Query{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC),
		Bucket: insights.Week, Zone: time.UTC, Now: time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)}
}

func TestInsightsFrameGolden(t *testing.T) {
	q := insightsRange()
	q.GroupBy = insights.BySeverity
	experimental.CheckGoldenJSONFrame(t, "testdata", "insights", InsightsFrame("A", insightsRows(), q), *update)
	q.GroupBy = ""
	f := InsightsFrame("A", insightsRows(), q)
	if f.Fields[0].Name != "group" || f.Rows() != 1 || f.Fields[0].At(0) != "all" || f.Fields[1].At(0) != int64(3) {
		t.Fatalf("ungrouped: one row for all: %v %v", f.Fields[0], f.Fields[1])
	}
}

func TestInsightsSeriesFramesGolden(t *testing.T) {
	q := insightsRange()
	q.GroupBy = insights.ByService
	frames := InsightsSeriesFrames("A", insightsRows(), q, "mtta", "median")
	if len(frames) != 2 {
		t.Fatalf("%d frames, want one per service", len(frames))
	}
	experimental.CheckGoldenJSONFrame(t, "testdata", "insights_series_api", frames[0], *update)
	experimental.CheckGoldenJSONFrame(t, "testdata", "insights_series_web", frames[1], *update)

	// P1 MTTA per week, as an alert rule reads it: 3 and 9 min → median 3
	// min (nearest rank) the first week; the second week has no P1.
	q.GroupBy, q.Severities = "", []incident.Severity{incident.P1}
	frames = InsightsSeriesFrames("A", insightsRows(), q, "mtta", "median")
	v := frames[0].Fields[1]
	if len(frames) != 1 || v.Len() != 3 || *v.At(1).(*float64) != 180 || v.At(2).(*float64) != nil || v.Config.Unit != "s" {
		t.Fatalf("P1 MTTA: %v", v)
	}
	breached := InsightsSeriesFrames("A", insightsRows(), q, "respond_breached", "median")[0].Fields[1]
	if *breached.At(0).(*float64) != 0 || *breached.At(1).(*float64) != 1 || breached.Config != nil {
		t.Fatalf("respond breached: %v", breached)
	}
}
