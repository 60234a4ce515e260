package datasource

import (
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
)

// allKey names the one row or series of an ungrouped insights query.
const allKey = "all"

// InsightsFrame is the table of an insights query: one row per group of
// insights.Summarize (or one for all the incidents), each duration as
// median, p90 and mean in seconds (null where no incident has both
// times), the outcomes met and breached per target, and the rest.
func InsightsFrame(refID string, rows []insights.Row, q insights.Query) *data.Frame {
	rep := insights.Summarize(rows, q)
	groups := rep.Groups
	key := q.GroupBy
	if key == "" {
		key = "group"
		total := rep.Total
		total.Key = allKey
		groups = []insights.Group{total}
	}
	n := len(groups)
	text := func(f func(insights.Group) string) []string {
		out := make([]string, n)
		for i, g := range groups {
			out[i] = f(g)
		}
		return out
	}
	count := func(f func(insights.Group) int) []int64 {
		out := make([]int64, n)
		for i, g := range groups {
			out[i] = int64(f(g))
		}
		return out
	}
	ratio := func(f func(insights.Group) float64) []float64 {
		out := make([]float64, n)
		for i, g := range groups {
			out[i] = f(g)
		}
		return out
	}
	fields := []*data.Field{
		data.NewField(key, nil, text(func(g insights.Group) string { return g.Key })),
		data.NewField("incidents", nil, count(func(g insights.Group) int { return g.Incidents })),
		data.NewField("open", nil, count(func(g insights.Group) int { return g.Open })),
		data.NewField("resolved", nil, count(func(g insights.Group) int { return g.Resolved })),
		data.NewField("reopened", nil, count(func(g insights.Group) int { return g.Reopened })),
	}
	for _, m := range []string{"mttd", "mtta", "mttm", "mttr"} {
		for _, stat := range Stats {
			vals := make([]*float64, n)
			for i, g := range groups {
				vals[i] = measureOf(g, m, stat)
			}
			fields = append(fields, seconds(data.NewField(m+"_"+stat, nil, vals)))
		}
	}
	for _, target := range []string{"respond", "resolve", "updates", "postmortem"} {
		fields = append(fields,
			data.NewField(target+"_met", nil, count(func(g insights.Group) int { return compliance(g, target).Met })),
			data.NewField(target+"_breached", nil, count(func(g insights.Group) int { return compliance(g, target).Breached })))
	}
	fields = append(fields,
		data.NewField("escalations_per_incident", nil, ratio(func(g insights.Group) float64 { return g.EscalationsPerIncident })),
		data.NewField("pages_per_incident", nil, ratio(func(g insights.Group) float64 { return g.PagesPerIncident })),
		data.NewField("action_items_open", nil, count(func(g insights.Group) int { return g.ActionItemsOpen })),
		data.NewField("action_items_overdue", nil, count(func(g insights.Group) int { return g.ActionItemsOverdue })),
	)
	frame := data.NewFrame("insights", fields...)
	frame.RefID = refID
	return frame
}

// InsightsSeriesFrames are measure (stat of it, for a duration) per bucket
// of q's range: one frame for all the incidents, or one per group of
// q.GroupBy labelled with its key, each summarised on its own so every
// figure is insights.Summarize's. Empty buckets are there (0 for a count,
// null for a duration).
func InsightsSeriesFrames(refID string, rows []insights.Row, q insights.Query, measure, stat string) []*data.Frame {
	if q.GroupBy == "" {
		return []*data.Frame{seriesFrame(refID, insights.Summarize(rows, q).Series, measure, stat, nil)}
	}
	by := q.GroupBy
	groups := insights.Summarize(rows, insights.Query{From: q.From, To: q.To, Services: q.Services, Severities: q.Severities,
		GroupBy: by, Zone: q.Zone, Now: q.Now}).Groups
	frames := make([]*data.Frame, 0, len(groups))
	for _, g := range groups {
		one := q
		one.GroupBy = ""
		if by == insights.BySeverity {
			one.Severities = []incident.Severity{incident.Severity(g.Key)}
		} else {
			one.Services = []string{g.Key}
		}
		frames = append(frames, seriesFrame(refID, insights.Summarize(rows, one).Series, measure, stat, data.Labels{by: g.Key}))
	}
	return frames
}

func seriesFrame(refID string, points []insights.Point, measure, stat string, labels data.Labels) *data.Frame {
	times := make([]time.Time, len(points))
	vals := make([]*float64, len(points))
	for i, p := range points {
		times[i], vals[i] = p.Start.UTC(), measureOf(p.Group, measure, stat)
	}
	value := data.NewField(measure, labels, vals)
	if isDuration(measure) {
		seconds(value)
	}
	frame := data.NewFrame(measure, data.NewField("time", nil, times), value)
	frame.RefID = refID
	frame.Meta = &data.FrameMeta{Type: data.FrameTypeTimeSeriesMulti, TypeVersion: data.FrameTypeVersion{0, 1}}
	return frame
}

func isDuration(measure string) bool {
	switch measure {
	case "mttd", "mtta", "mttm", "mttr":
		return true
	}
	return false
}

func seconds(f *data.Field) *data.Field {
	return f.SetConfig(&data.FieldConfig{Unit: "s"})
}

// measureOf reads one measure of g; a duration's stat is nil without
// incidents to measure.
func measureOf(g insights.Group, measure, stat string) *float64 {
	var s insights.Stat
	switch measure {
	case "mttd":
		s = g.MTTD
	case "mtta":
		s = g.MTTA
	case "mttm":
		s = g.MTTM
	case "mttr":
		s = g.MTTR
	default:
		v := countOf(g, measure)
		return &v
	}
	if s.N == 0 {
		return nil
	}
	v := s.Median
	switch stat {
	case "p90":
		v = s.P90
	case "mean":
		v = s.Mean
	}
	return &v
}

func countOf(g insights.Group, measure string) float64 {
	switch measure {
	case "incidents":
		return float64(g.Incidents)
	case "open":
		return float64(g.Open)
	case "resolved":
		return float64(g.Resolved)
	case "reopened":
		return float64(g.Reopened)
	case "respond_breached", "resolve_breached", "updates_breached", "postmortem_breached":
		return float64(compliance(g, measure[:len(measure)-len("_breached")]).Breached)
	case "escalations_per_incident":
		return g.EscalationsPerIncident
	case "pages_per_incident":
		return g.PagesPerIncident
	case "action_items_open":
		return float64(g.ActionItemsOpen)
	case "action_items_overdue":
		return float64(g.ActionItemsOverdue)
	}
	return 0
}

func compliance(g insights.Group, target string) insights.Compliance {
	switch target {
	case "respond":
		return g.Respond
	case "resolve":
		return g.Resolve
	case "updates":
		return g.Updates
	}
	return g.Postmortem
}
