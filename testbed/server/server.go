package main

import (
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// pluginSource yields the live plugin process, or nil when there is none
// (grafanahost.Managed in production, a fixed process in tests).
type pluginSource interface {
	Plugin() *grafanahost.Plugin
}

type noPlugin struct{}

func (noPlugin) Plugin() *grafanahost.Plugin { return nil }

type server struct {
	cfg         config
	log         *slog.Logger
	appURL      string
	prom        *url.URL
	settings    *settingsStore
	annotations *annotationStore
	plugin      pluginSource
	// dsPlugin is the nested data source's own process (incidentsds.go).
	dsPlugin pluginSource
	// saToken is the token of the plugin's managed service account
	// (users.go); it reaches the plugin and is accepted only while
	// grafanahost.ExternalService.Active.
	saToken string
}

func newServer(cfg config, log *slog.Logger, appURL string) (*server, error) {
	prom, err := parsePrometheusURL(cfg.prometheusURL)
	if err != nil {
		return nil, err
	}
	st, err := newSettingsStore(cfg.state)
	if err != nil {
		return nil, err
	}
	an, err := newAnnotationStore(cfg.state)
	if err != nil {
		return nil, err
	}
	return &server{cfg: cfg, log: log, appURL: appURL, prom: prom, settings: st, annotations: an, plugin: noPlugin{}, dsPlugin: noPlugin{}, saToken: newServiceAccountToken()}, nil
}

// routes maps CONTRACT.md onto handlers. Go's ServeMux picks the most
// specific pattern, so "/api/" only catches what nothing else serves.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	settings := "/api/plugins/" + pluginID + "/settings"
	mux.HandleFunc("GET "+settings, s.handleGetSettings)
	mux.HandleFunc("POST "+settings, s.handlePostSettings)
	mux.HandleFunc("GET /api/plugins/"+pluginID+"/health", s.handlePluginHealth)
	// Nested plugins (nested.go): any other plugin id is a child found below dist/.
	mux.HandleFunc("GET /api/plugins/{pluginId}/settings", s.handleNestedSettings)
	mux.HandleFunc(resourcesPrefix, s.handleResource)
	mux.HandleFunc(resourcesPrefix+"/", s.handleResource)
	mux.HandleFunc("GET /api/annotations", s.handleFindAnnotations)
	mux.HandleFunc("POST /api/annotations", s.handlePostAnnotation)
	mux.HandleFunc("PATCH /api/annotations/{id}", s.handlePatchAnnotation)
	mux.HandleFunc("DELETE /api/annotations/{id}", s.handleDeleteAnnotation)
	mux.HandleFunc("GET /api/datasources", s.handleListDatasources)
	mux.HandleFunc("GET /api/datasources/uid/{uid}", s.handleGetDatasource)
	mux.HandleFunc("GET /api/datasources/uid/{uid}/health", s.handleDsHealth)
	mux.HandleFunc("POST /api/ds/query", s.handleDsQuery)
	mux.HandleFunc("/api/datasources/proxy/uid/{uid}/", s.handleDatasourceProxy)
	mux.HandleFunc("GET /api/health", s.handleHealth)
	// Users and teams (users.go).
	mux.HandleFunc("GET /api/org/users", s.handleOrgUsers)
	mux.HandleFunc("GET /api/org/users/lookup", s.handleOrgUsersLookup)
	mux.HandleFunc("GET /api/users/lookup", s.handleUsersLookup)
	mux.HandleFunc("GET /api/teams/search", s.handleTeamsSearch)
	mux.HandleFunc("GET /api/teams/{teamId}", s.handleTeam)
	mux.HandleFunc("GET /api/teams/{teamId}/members", s.handleTeamMembers)
	mux.HandleFunc("/api/", s.handleUnknownAPI)
	mux.Handle("GET /public/plugins/"+pluginID+"/", s.staticFiles("/public/plugins/"+pluginID+"/", s.cfg.dist, true))
	mux.HandleFunc("GET /public/plugins/{pluginId}/", s.handleNestedAssets)
	mux.Handle("GET /public/testbed/", s.staticFiles("/public/testbed/", s.cfg.hostDir, false))
	mux.HandleFunc("GET /testbed/login", handleLogin)
	mux.HandleFunc("/", s.handleShell)
	return s.logRequests(mux)
}

// handleHealth is Grafana's /api/health (pkg/api/health.go).
func (s *server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"database": "ok", "version": grafanahost.GrafanaVersion, "commit": "testbed"})
}

// handleUnknownAPI logs every /api path the test bed does not stand in for,
// so a front end that needs more of Grafana's API shows up in the log.
func (s *server) handleUnknownAPI(w http.ResponseWriter, r *http.Request) {
	s.log.Warn("unknown Grafana API path", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery)
	apiError(w, http.StatusNotFound, "not found")
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
	r.ResponseWriter.WriteHeader(code)
}

// Flush keeps streamed resource responses streaming through the recorder.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one line per API call (static files are too many).
func (s *server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if len(r.URL.Path) >= 5 && r.URL.Path[:5] == "/api/" {
			code := rec.code
			if code == 0 {
				code = http.StatusOK
			}
			s.log.Info("api", "method", r.Method, "path", r.URL.Path, "status", code, "ms", time.Since(start).Milliseconds())
		}
	})
}
