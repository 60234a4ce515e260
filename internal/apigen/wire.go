package apigen

import (
	"github.com/warroom/warroom-incident-app/pkg/alertintake"
	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/comms"
	"github.com/warroom/warroom-incident-app/pkg/correlation"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/runner"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/oncall/schedule"
	"github.com/warroom/warroom-incident-app/pkg/policy"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/postmortem/postmortemstore"
	"github.com/warroom/warroom-incident-app/pkg/runbooks"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// wireType is a Go type declared in types.ts under the TypeScript name ts.
// An enum lists the values of a string type. A type with its own
// MarshalJSON needs its TypeScript (as), or keepsShape when that method only
// changes units (durations to milliseconds) and the fields' JSON names and
// kinds are what reflection sees.
type wireType struct {
	ts         string
	v          any
	enum       []string
	as         string
	keepsShape bool
}

// wire are the Go types declared in types.ts, in order; the TypeScript of
// every struct field they reach must be one of these or a plain type.
var wire = []wireType{
	{ts: "Severity", v: incident.Severity(""), enum: strs(incident.Severities)},
	{ts: "Status", v: incident.Status(""), enum: strs(incident.Statuses)},
	{ts: "StepName", v: incident.StepName(""), enum: strs(incident.Steps)},
	{ts: "EventKind", v: incident.EventKind(""), enum: eventKinds()},
	{ts: "Incident", v: incident.Incident{}},
	{ts: "IncidentDetails", v: incident.Details{}},
	{ts: "IncidentLinks", v: incident.Links{}},
	{ts: "StepMark", v: incident.StepMark{}},
	{ts: "ChecklistItem", v: incident.ChecklistItem{}},
	{ts: "Roles", v: incident.Roles{}},
	{ts: "Flags", v: incident.Flags{}},
	{ts: "IncidentImpact", v: incident.Impact{}},
	{ts: "DeclareRequest", v: incident.Declare{}},
	{ts: "Evidence", v: incident.Evidence{}},
	{ts: "UpdateRequest", v: incident.Update{}},
	{ts: "NoteRequest", v: incident.Note{}},
	{ts: "StatusUpdateRequest", v: api.StatusUpdateRequest{}},
	{ts: "TimelineEvent", v: incident.Event{}},
	{ts: "EventPage", v: api.EventsPage{}},
	{ts: "FieldError", v: incident.FieldError{}},
	{ts: "ErrorDetail", v: api.Error{}},
	{ts: "Me", v: api.Me{}},
	{ts: "IncidentRow", v: api.IncidentRow{}},
	{ts: "IncidentRowDetails", v: api.IncidentRowDetails{}},
	{ts: "IncidentPage", v: api.IncidentPage{}},
	{ts: "DemoDataResult", v: api.DemoDataResult{}},
	{ts: "SchedulerStatus", v: api.SchedulerStatus{}},
	{ts: "AlertIntakeResult", v: alertintake.Result{}},

	{ts: "PostmortemDoc", v: postmortem.Doc{}},
	{ts: "ActionItem", v: postmortem.ActionItem{}},
	{ts: "PostmortemView", v: postmortemstore.View{}},

	{ts: "Template", v: comms.Template{}},
	{ts: "TemplateList", v: api.TemplateList{}},
	{ts: "ChannelView", v: notify.Channel{}},
	{ts: "ChannelList", v: api.ChannelList{}},
	{ts: "Message", v: comms.Message{}},

	{ts: "Duration", v: policy.Duration(0), as: "string"}, // Go duration text: "15m", "2h", "500ms"
	{ts: "Policy", v: policy.Policy{}},
	{ts: "PolicyLevel", v: policy.Level{}},
	{ts: "EscalationTier", v: policy.Tier{}},
	{ts: "EscalationRule", v: policy.Rule{}},
	{ts: "PolicyThresholds", v: policy.Thresholds{}},
	{ts: "PolicyTimerRules", v: policy.TimerRules{}},
	{ts: "PolicyOnChange", v: policy.OnChange{}},
	{ts: "PolicyAnchor", v: policy.Anchor(""), enum: strs(policy.Anchors)},
	{ts: "PolicyPagingRules", v: policy.PagingRules{}},
	{ts: "EscalationTarget", v: policy.Target{}},

	{ts: "OnCallSchedule", v: schedule.Schedule{}},
	{ts: "ScheduleLayer", v: schedule.Layer{}},
	{ts: "ScheduleRotation", v: schedule.Rotation{}},
	{ts: "ScheduleOverride", v: schedule.Override{}},
	{ts: "Shift", v: schedule.Shift{}},
	{ts: "ScheduleSummary", v: api.ScheduleSummary{}},
	{ts: "ScheduleList", v: api.ScheduleList{}},
	{ts: "ScheduleView", v: api.ScheduleView{}},
	{ts: "ScheduleRequest", v: api.ScheduleRequest{}},
	{ts: "ImportRequest", v: api.ImportRequest{}},
	{ts: "ImportResult", v: api.ImportResult{}},
	{ts: "TargetView", v: api.TargetView{}},
	{ts: "TierView", v: api.TierView{}},
	{ts: "IncidentOnCall", v: api.IncidentOnCall{}},
	{ts: "ContactMethodView", v: api.ContactMethodView{}},
	{ts: "ContactMethodList", v: api.ContactMethodList{}},
	{ts: "ContactMethodRequest", v: api.ContactMethodRequest{}},
	{ts: "TestPageResult", v: api.TestPageResult{}},
	{ts: "FeedView", v: api.FeedView{}},
	{ts: "FeedList", v: api.FeedList{}},
	{ts: "FeedRequest", v: api.FeedRequest{}},
	{ts: "FeedCreated", v: api.FeedCreated{}},
	{ts: "Person", v: api.Person{}},
	{ts: "PeopleList", v: api.PeopleList{}},
	{ts: "Team", v: api.Team{}},
	{ts: "TeamList", v: api.TeamList{}},
	{ts: "AckInfo", v: api.AckInfo{}},
	{ts: "AckRequest", v: api.AckRequest{}},
	{ts: "PagedRecipient", v: incident.PagedRecipient{}},

	{ts: "TimerState", v: timers.State(""), enum: strs(timers.States)},
	{ts: "Timer", v: timers.Timer{}},
	{ts: "IncidentTimers", v: api.IncidentTimers{}},
	{ts: "ActiveIncidentTimers", v: api.ActiveIncidentTimers{}},
	{ts: "TimerIncident", v: api.IncidentSummary{}},
	{ts: "ActiveTimers", v: api.ActiveTimers{}},

	{ts: "InsightsOutcome", v: insights.Outcome(""), enum: strs([]insights.Outcome{insights.NotApplicable, insights.Met, insights.Breached, insights.Pending})},
	{ts: "InsightsStat", v: insights.Stat{}},
	{ts: "InsightsCompliance", v: insights.Compliance{}},
	{ts: "InsightsGroup", v: insights.Group{}},
	{ts: "InsightsPoint", v: insights.Point{}},
	{ts: "InsightsReport", v: insights.Report{}},
	{ts: "InsightsIncident", v: api.InsightsIncident{}},
	{ts: "InsightsIncidentExport", v: api.InsightsIncidentExport{}},
	{ts: "InsightsActionItem", v: api.InsightsActionItem{}},
	{ts: "InsightsActionItemExport", v: api.InsightsActionItemExport{}},

	{ts: "SignalKind", v: correlation.SignalKind(""), enum: strs(correlation.SignalKinds)},
	{ts: "SignalFinding", v: correlation.SignalFinding{}, keepsShape: true},
	{ts: "ServiceFinding", v: correlation.ServiceFinding{}, keepsShape: true},
	{ts: "CorrelationResult", v: correlation.Result{}},
	{ts: "EvaluateRequest", v: api.EvaluateRequest{}},
	{ts: "Evaluation", v: servicemetrics.Evaluation{}},
	{ts: "GraphPoint", v: servicemetrics.GraphPoint{}, as: "[number, number | null]"}, // [epoch ms, value or null]
	{ts: "MetricSeries", v: servicemetrics.MetricSeries{}},
	{ts: "MetricQuery", v: servicemetrics.MetricQuery{}},
	{ts: "ServiceMetrics", v: servicemetrics.ServiceMetrics{}},
	{ts: "MetricThresholds", v: api.Thresholds{}},
	{ts: "IncidentMetrics", v: api.IncidentMetrics{}},
	{ts: "CatalogService", v: catalog.Service{}},
	{ts: "CatalogAwsResources", v: catalog.AWSResources{}},
	{ts: "PrometheusLabels", v: api.PrometheusLabels{}},
	{ts: "PrometheusLabelValues", v: api.PrometheusLabelValues{}},
	{ts: "ServicePreviewRequest", v: api.ServicePreviewRequest{}},
	{ts: "ServicePreview", v: api.ServicePreview{}},
	{ts: "SectionKey", v: api.SectionKey(""), enum: strs(api.SectionKeys)},
	{ts: "SectionState", v: api.SectionState(""), enum: strs(api.SectionStates)},
	{ts: "SectionStatus", v: api.SectionStatus{}},
	{ts: "ConfigStatus", v: api.ConfigStatus{}},

	{ts: "DiagnosticStatus", v: diagnostics.Status(""), enum: strs(diagnostics.Statuses)},
	{ts: "DiagnosticTable", v: diagnostics.Table{}},
	{ts: "DiagnosticFinding", v: diagnostics.Finding{}},
	{ts: "RemediationAction", v: remediate.Action(""), enum: strs(remediate.Actions())},
	{ts: "Runbook", v: runbooks.Runbook{}},
	{ts: "RunbookCondition", v: runbooks.Condition{}},
	{ts: "RunbookOption", v: runbooks.Option{}},
	{ts: "RenderedRunbook", v: runbooks.RenderedRunbook{}},
	{ts: "SuggestedRunbook", v: runner.SuggestedRunbook{}},
	{ts: "DiagnosticsSummary", v: runner.Outcome{}},
	{ts: "DiagnosticsRun", v: runner.RunView{}},
	{ts: "DiagnosticsState", v: api.DiagnosticsState{}},
	{ts: "RemediationRequest", v: api.RemediationRequest{}},
	{ts: "RemediationBackend", v: remediate.Backend{}},
	{ts: "RemediationResult", v: remediate.Result{}},
	{ts: "RemediationOutcome", v: runner.RemediationOutcome{}},
}

func eventKinds() []string {
	var kinds []incident.EventKind
	for _, kp := range incident.EventPayloads {
		kinds = append(kinds, kp.Kind)
	}
	return strs(kinds)
}
