// Package dashgen builds the dashboard the app ships in its plugin.json
// includes, "Warroom — Insights" (src/dashboards/insights.json), with
// grafana-foundation-sdk: the panels read the incidents data source's
// insights query types, so the figures are the ones package insights
// computes. internal/cmd/dashgen writes it; the test fails when the
// committed file differs from what this package builds.
package dashgen

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/table"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// Path is where the dashboard lives, from the repository root; webpack
// copies src/**/*.json into dist, so Grafana finds it at the includes'
// path "dashboards/insights.json".
const Path = "src/dashboards/insights.json"

// UID and DatasourceType name the dashboard and the data source it reads.
const (
	UID            = "warroom-insights"
	DatasourceType = "warroom-incidents-datasource"
)

// ds is every panel's data source: the one the datasource variable picks.
var ds = common.DataSourceRef{Type: cog.ToPtr(DatasourceType), Uid: cog.ToPtr("${datasource}")}

// JSON is the dashboard as committed: indented, with a final newline.
//
// Its revision follows its content. Grafana imports an app's included
// dashboards when the app is enabled in an org, and re-imports one on a
// plugin upgrade only when its "revision" differs from the imported one
// (pkg/services/plugindashboards/service/dashboard_updater.go,
// syncPluginDashboards): a hand-kept number would be forgotten.
func JSON() ([]byte, error) {
	d, err := Dashboard()
	if err != nil {
		return nil, err
	}
	content, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(content)
	rev := int64(binary.BigEndian.Uint32(sum[:4])>>1) + 1 // positive, and exact in JavaScript
	d.Revision = &rev
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Dashboard builds "Warroom — Insights": response times per week, incident
// counts, and the measures with SLA compliance by severity and by service,
// over the last 12 weeks, filtered by the service and severity variables.
//
// It is the classic dashboard model, which the SDK deprecates for
// dashboardv2: Grafana imports an app's included dashboards as the file's
// JSON through its dashboard import (plugindashboards → dashboardimport),
// and the classic model is what every Grafana the app supports (>= 12.3)
// reads there.
func Dashboard() (dashboard.Dashboard, error) { //nolint:staticcheck // see above
	b := dashboard.NewDashboardBuilder("Warroom — Insights") //nolint:staticcheck // see above
	return b.
		Uid(UID).
		Description("How incidents are responded to: MTTD, MTTA, MTTM and MTTR per week, incident counts and SLA compliance, from Warroom's incidents (docs/insights.md defines each measure).").
		Tags([]string{"warroom", "insights"}).
		Editable().
		Tooltip(dashboard.DashboardCursorSyncCrosshair).
		Time("now-12w", "now").
		Refresh("").
		Annotation(dashboard.NewAnnotationQueryBuilder().
			Name("Annotations & Alerts").
			BuiltIn(1).
			Type("dashboard").
			Datasource(common.DataSourceRef{Type: cog.ToPtr("grafana"), Uid: cog.ToPtr("-- Grafana --")}).
			Enable(true).
			Hide(true).
			IconColor("rgba(0, 211, 255, 1)")).
		WithVariable(dashboard.NewDatasourceVariableBuilder("datasource").
			Label("Data source").
			Type(DatasourceType).
			AllowCustomValue(false)).
		WithVariable(dashboard.NewTextBoxVariableBuilder("service").
			Label("Service").
			Description("One service's incidents; empty for every service.").
			DefaultValue(dashboard.StringOrMap{String: cog.ToPtr("")})).
		WithVariable(severityVariable()).
		WithRow(dashboard.NewRowBuilder("Response times (weekly, by severity)").Id(1)).
		WithPanel(series("MTTA median", "Declared → acknowledged, median of the incidents declared each week.", "mtta", "median").Id(2).Span(12)).
		WithPanel(series("MTTA p90", "Declared → acknowledged: 9 in 10 incidents were acknowledged within this.", "mtta", "p90").Id(3).Span(12)).
		WithPanel(series("MTTR median", "Impact start → resolved, median of the incidents declared each week.", "mttr", "median").Id(4).Span(12)).
		WithPanel(series("MTTD median", "Impact start → detected: how long the trouble ran before an alert or a declaration caught it.", "mttd", "median").Id(5).Span(12)).
		WithRow(dashboard.NewRowBuilder("Volume and compliance").Id(6)).
		WithPanel(incidentsPerWeek().Id(7).Span(24)).
		WithPanel(insightsTable("By severity: measures and SLA compliance", "Each severity's measures and how its incidents stand against the respond-by, update and resolve-by targets of the policy they were declared under.", "severity").Id(8).Span(24)).
		WithPanel(insightsTable("By service", "Each service's measures; an incident counts for every service it names.", "service").Id(9).Span(24)).
		Build()
}

// severityVariable narrows every panel to one level. "All" is sent as a
// blank, which the data source trims to "any severity".
func severityVariable() *dashboard.CustomVariableBuilder {
	return dashboard.NewCustomVariableBuilder("severity").
		Label("Severity").
		Values(dashboard.StringOrMap{String: cog.ToPtr("P1,P2,P3,P4")}).
		IncludeAll(true).
		AllValue(" ").
		AllowCustomValue(false).
		Current(dashboard.VariableOption{Text: dashboard.StringOrArrayOfString{String: cog.ToPtr("All")},
			Value: dashboard.StringOrArrayOfString{String: cog.ToPtr("$__all")}})
}

// target is a query of the incidents data source with the variables' filters.
func target(q Query) queryBuilder {
	q.RefID, q.Datasource, q.Service, q.Severity = "A", &ds, "$service", "$severity"
	return queryBuilder{q}
}

// series is a weekly time series of one measure's statistic by severity,
// in seconds.
func series(title, description, measure, stat string) *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().
		Title(title).
		Description(description).
		Datasource(ds).
		WithTarget(target(Query{QueryType: "insights_series", Measure: measure, Stat: stat, GroupBy: "severity", Bucket: "week"})).
		Unit("s").
		Min(0).
		Height(8).
		ShowPoints(common.VisibilityModeAlways).
		SpanNulls(common.BoolOrFloat64{Bool: cog.ToPtr(true)}).
		Legend(legend()).
		Tooltip(common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderDescending))
}

func legend() *common.VizLegendOptionsBuilder {
	return common.NewVizLegendOptionsBuilder().
		DisplayMode(common.LegendDisplayModeList).
		Placement(common.LegendPlacementBottom).
		ShowLegend(true)
}

// incidentsPerWeek stacks the week's incident counts by severity as bars.
func incidentsPerWeek() *timeseries.PanelBuilder {
	return timeseries.NewPanelBuilder().
		Title("Incidents per week").
		Description("Incidents declared each week, by the most severe level each reached.").
		Datasource(ds).
		WithTarget(target(Query{QueryType: "insights_series", Measure: "incidents", GroupBy: "severity", Bucket: "week"})).
		Unit("short").
		Min(0).
		Decimals(0).
		Height(8).
		DrawStyle(common.GraphDrawStyleBars).
		FillOpacity(80).
		Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal)).
		Legend(legend()).
		Tooltip(common.NewVizTooltipOptionsBuilder().Mode(common.TooltipDisplayModeMulti).Sort(common.SortOrderDescending))
}

// insightsTable is the measures of the range, one row per group.
func insightsTable(title, description, groupBy string) *table.PanelBuilder {
	return table.NewPanelBuilder().
		Title(title).
		Description(description).
		Datasource(ds).
		WithTarget(target(Query{QueryType: "insights", GroupBy: groupBy})).
		Height(8).
		Footer(common.NewTableFooterOptionsBuilder().Show(false).Reducer([]string{}))
}
