package api

import (
	"net/http"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/comms"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/runner"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/seal"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// API serves the plugin's resources for every org; each request is scoped to
// the org of its Grafana user.
type API struct {
	Store store.Store
	Now   func() time.Time
	// Templates are the org's communication templates (settings, else the
	// runbook defaults).
	Templates []comms.Template
	Metrics   servicemetrics.Sources
	// AlertWebhookSecret, when set, requires signed alert notifications.
	AlertWebhookSecret string
	// Problems are settings the app runs without (catalog, Prometheus).
	Problems []incident.FieldError
	// Channels are the org's notification channels without their secrets
	// (status updates name them; the outbox delivers).
	Channels []notify.Channel
	// Diagnostics runs checks and remediations (pkg/diagnostics/runner).
	Diagnostics runner.Config
	// Scheduler reads the heartbeat of the store's scheduler in this
	// process (scheduler_status.go); nil answers "off".
	Scheduler func() SchedulerStatus

	// ConfigChecks are the status lines of GET /config/status by section
	// (configchecks.go builds them); a section without one is not
	// configured. ConfigCheckTimeout bounds each (zero: 3 s).
	ConfigChecks       map[SectionKey]SectionCheck
	ConfigCheckTimeout time.Duration

	// ContactKey seals the secret part of contact methods (pkg/seal); nil
	// refuses methods that keep one.
	ContactKey *seal.Key
	// Pages sends a test page through one contact method (oncall_test_page.go).
	Pages TestPager

	// writes is the per-incident rate of notes and status updates
	// (limits.go); the zero value is ready.
	writes writeLimiter
}

// handlerFunc answers a request whose identity has passed the route's role
// check. Returning (status, body, nil) writes body; returning an error writes
// the stable error shape. Handlers never touch the ResponseWriter, so the
// status cannot be written after the body.
type handlerFunc func(r *http.Request, id Identity) (int, any, error)

// Route is one resource: its Go 1.22 mux pattern parts and the least role.
type Route struct {
	Method string
	Path   string
	Role   Role
	handle handlerFunc
}

// Key is the route's mux pattern, "GET /incidents/{id}": how docs/api.md,
// NotCalledByUI and the generated TypeScript (src/api/generated/routes.ts)
// name it.
func (rt Route) Key() string { return rt.Method + " " + rt.Path }

// NotCalledByUI names the routes src/api/client.ts has no function for, and
// who calls them instead. src/api/contract.test.ts checks that the client
// calls every other route.
var NotCalledByUI = map[string]string{ // #nosec G101 -- route keys and who calls them; "token" is a path placeholder
	"POST /alerts/webhook":                     "Grafana's webhook contact point (docs/alerts.md)",
	"GET /catalog":                             "API users and scripts: the configuration page edits the catalog in the app settings",
	"GET /oncall/calendar/{token}":             "calendar apps subscribed to a feed's URL (docs/oncall.md)",
	"GET /runbooks":                            "API users and scripts: the incident page shows runbooks inside diagnostics runs",
	"GET /incidents/{id}/runbooks/{runbookId}": "API users and scripts: the incident page shows runbooks inside diagnostics runs",
}

// RouteTable is the route list without an API to serve it: what the
// contract generator (internal/apigen) and the docs test read.
func RouteTable() []Route { return (&API{}).Routes() }

// Routes lists every resource. Tests iterate it, so a new route cannot skip
// the role table.
func (a *API) Routes() []Route {
	return []Route{
		{"GET", "/me", RoleViewer, a.me},
		{"GET", "/scheduler/status", RoleViewer, a.schedulerStatus},
		{"GET", "/incidents", RoleViewer, a.listIncidents},
		{"POST", "/incidents", RoleEditor, a.declare},
		{"GET", "/incidents/{id}", RoleViewer, a.getIncident},
		{"PATCH", "/incidents/{id}", RoleEditor, a.updateIncident},
		{"GET", "/incidents/{id}/events", RoleViewer, a.listEvents},
		{"POST", "/incidents/{id}/events", RoleEditor, a.addNote},
		{"GET", "/incidents/{id}/messages/{templateId}", RoleViewer, a.renderMessage},
		{"POST", "/incidents/{id}/updates", RoleEditor, a.postStatusUpdate},
		{"GET", "/notifications/channels", RoleViewer, a.listChannels},
		{"GET", "/incidents/{id}/postmortem", RoleViewer, a.getPostmortem},
		{"PUT", "/incidents/{id}/postmortem", RoleEditor, a.putPostmortem},
		{"GET", "/incidents/{id}/metrics", RoleViewer, a.incidentMetrics},
		// Diagnostics: Viewers read results and runbooks, Editors run checks,
		// Admins run enabled remediations (docs/api.md).
		{"GET", "/incidents/{id}/diagnostics", RoleViewer, a.getDiagnostics},
		{"POST", "/incidents/{id}/diagnostics", RoleEditor, a.startDiagnostics},
		{"GET", "/incidents/{id}/diagnostics/{runId}", RoleViewer, a.getDiagnosticsRun},
		{"GET", "/incidents/{id}/runbooks/{runbookId}", RoleViewer, a.getIncidentRunbook},
		{"POST", "/incidents/{id}/remediations", RoleAdmin, a.runRemediation},
		{"GET", "/runbooks", RoleViewer, a.listRunbooks},
		{"GET", "/incidents/{id}/timers", RoleViewer, a.incidentTimers},
		{"GET", "/timers", RoleViewer, a.activeTimers},
		// Insights (docs/insights.md): everyone reads the measures; the
		// exports list incidents and action items one by one, for Editors.
		{"GET", "/insights", RoleViewer, a.getInsights},
		{"GET", "/insights/incidents", RoleEditor, a.exportIncidents},
		{"GET", "/insights/action-items", RoleEditor, a.exportActionItems},
		{"GET", "/templates", RoleViewer, a.listTemplates},
		{"GET", "/catalog", RoleViewer, a.getCatalog},
		{"POST", "/signals/evaluate", RoleEditor, a.suggestSeverity},
		// Grafana's webhook contact point, authenticated as a service account
		// with the Editor role (docs/alerts.md).
		{"POST", "/alerts/webhook", RoleEditor, a.receiveAlerts},
		{"POST", "/settings/validate", RoleAdmin, a.validateSettings},
		// Set-up: label discovery and the preview of a draft service read the
		// configured Prometheus; the status lines check each connection.
		{"GET", "/prometheus/labels", RoleAdmin, a.prometheusLabels},
		{"GET", "/prometheus/labels/{name}/values", RoleAdmin, a.prometheusLabelValues},
		{"POST", "/services/preview", RoleAdmin, a.previewService},
		{"GET", "/config/status", RoleAdmin, a.configStatus},
		{"GET", "/policy", RoleViewer, a.getPolicy},
		{"PUT", "/policy", RoleAdmin, a.putPolicy},
		{"POST", "/admin/demo-data", RoleAdmin, a.seedDemo},
		// On call (docs/oncall.md): Viewers see schedules and who is on
		// call; Editors change schedules; everyone signed in manages their
		// own contact methods and feeds (Admins anyone's).
		{"GET", "/oncall/schedules", RoleViewer, a.listSchedules},
		{"POST", "/oncall/schedules", RoleEditor, a.createSchedule},
		{"GET", "/oncall/schedules/{scheduleId}", RoleViewer, a.getSchedule},
		{"PUT", "/oncall/schedules/{scheduleId}", RoleEditor, a.putSchedule},
		{"DELETE", "/oncall/schedules/{scheduleId}", RoleEditor, a.deleteSchedule},
		{"POST", "/oncall/schedules/{scheduleId}/import", RoleEditor, a.importCalendar},
		{"GET", "/incidents/{id}/oncall", RoleViewer, a.incidentOnCall},
		{"GET", "/oncall/people", RoleViewer, a.listPeople},
		{"GET", "/oncall/teams", RoleViewer, a.listTeams},
		{"GET", "/oncall/contact-methods", RoleViewer, a.listContactMethods},
		{"PUT", "/oncall/contact-methods/{methodId}", RoleViewer, a.putContactMethod},
		{"DELETE", "/oncall/contact-methods/{methodId}", RoleViewer, a.deleteContactMethod},
		{"POST", "/oncall/contact-methods/{methodId}/test", RoleViewer, a.testContactMethod},
		{"GET", "/oncall/feeds", RoleViewer, a.listFeeds},
		{"POST", "/oncall/feeds", RoleViewer, a.createFeed},
		{"DELETE", "/oncall/feeds/{feedId}", RoleViewer, a.revokeFeed},
		// Tokens are the authority here, not the Grafana role: a calendar
		// app and a paged person may have no session of their own.
		{"GET", "/oncall/calendar/{token}", RoleNone, a.calendar},
		{"GET", "/ack", RoleNone, a.describeAck},
		{"POST", "/ack", RoleNone, a.acknowledge},
	}
}

// Handler builds the router once; the plugin wraps it in httpadapter.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range a.Routes() {
		mux.Handle(rt.Key(), a.guard(rt.Role, rt.handle))
	}
	return withFallback(mux)
}

// guard checks identity and role server-side before the handler runs.
func (a *API) guard(min Role, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, err := identityFrom(r)
		if err != nil {
			writeError(w, r, err)
			return
		}
		if id.Role < min {
			writeError(w, r, errForbidden)
			return
		}
		if e := checkQuery(r); e != nil {
			writeError(w, r, e)
			return
		}
		status, body, err := h(r, id)
		if err != nil {
			writeError(w, r, err)
			return
		}
		switch b := body.(type) {
		case rawBody:
			writeRaw(w, status, b)
			return
		case streamBody:
			writeStream(w, r, status, b)
			return
		}
		writeJSON(w, status, body)
	})
}

// withFallback answers unknown paths and wrong methods in the stable error
// shape instead of the mux's plain text, and paths that are not canonical
// with 404 instead of the mux's redirect (paths.go).
func withFallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e := checkPath(r.URL.Path); e != nil {
			writeError(w, r, e)
			return
		}
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		if allow := allowedMethods(mux, r); allow != "" {
			w.Header().Set("Allow", allow)
			writeError(w, r, errMethod)
			return
		}
		writeError(w, r, errNoRoute)
	})
}

func allowedMethods(mux *http.ServeMux, r *http.Request) string {
	allow := ""
	for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" {
			if allow != "" {
				allow += ", "
			}
			allow += m
		}
	}
	return allow
}
