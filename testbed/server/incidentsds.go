package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/hashicorp/go-hclog"

	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// The app's nested data source, provisioned in every org like
// provisioning/datasources/warroom-incidents.yaml: uid warroom-incidents,
// empty jsonData (the app's default SQLite file). Found below dist/ like any
// nested plugin (nested.go).
const (
	incidentsUID  = "warroom-incidents"
	incidentsName = "Warroom incidents"
	incidentsType = "warroom-incidents-datasource"
)

// dataSourceFlags are the data source fields of plugin.json nested.go does
// not read.
type dataSourceFlags struct {
	Backend     bool `json:"backend"`
	Metrics     bool `json:"metrics"`
	Annotations bool `json:"annotations"`
}

// incidentsPlugin finds the nested data source and its flags.
func (s *server) incidentsPlugin() (nestedPlugin, dataSourceFlags, bool) {
	var flags dataSourceFlags
	n, ok := s.nestedByID(incidentsType)
	if !ok || n.Type != "datasource" {
		return n, flags, false
	}
	b, err := os.ReadFile(filepath.Join(n.dir(s.cfg.dist), "plugin.json")) // #nosec G703 -- under the test bed's own -dist flag
	if err == nil {
		err = json.Unmarshal(b, &flags)
	}
	if err != nil {
		s.log.Warn("incidents data source plugin.json", "error", err)
		return n, flags, false
	}
	return n, flags, true
}

// startIncidentsDS starts the data source's back end the way Grafana starts
// a nested plugin's: its own process, from path.Join(<child dir>,
// executable+"_<os>_<arch>") (grafana/grafana pkg/plugins/plugins.go
// ExecutablePath). The child names "gpx_warroom", its own copy of the app's
// binary in datasource/, with its own section [plugin.warroom-incidents-datasource]
// of the simulated grafana.ini, which names the same data_dir.
func (s *server) startIncidentsDS(ctx context.Context) (*grafanahost.Managed, error) {
	n, flags, ok := s.incidentsPlugin()
	if !ok {
		s.log.Warn("no incidents data source below dist/", "id", incidentsType)
		return nil, nil
	}
	if !flags.Backend || n.Executable == "" {
		return nil, fmt.Errorf("%s/plugin.json: a back-end data source needs backend and executable", n.rel)
	}
	bin := filepath.Join(n.dir(s.cfg.dist), grafanahost.ExecutableName(n.Executable))
	if _, err := os.Stat(bin); err != nil { // #nosec G703 -- under the test bed's own -dist flag
		s.log.Warn("incidents data source has no back end; queries will answer 503", "error", err)
		return nil, nil
	}
	app, _, _ := loadPluginJSON(s.cfg.dist)
	env := grafanahost.Env(grafanahost.DataDir(s.pluginDataDir()), app.version, s.appURL)
	logger := hclog.New(&hclog.LoggerOptions{Name: "plugin." + incidentsType, Output: os.Stderr, Level: hclog.Info})
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	m, err := grafanahost.StartManaged(ctx, bin, env, logger)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", incidentsType, err)
	}
	s.dsPlugin = m
	s.log.Info("data source plugin started", "id", incidentsType, "binary", bin, "pid", m.Plugin().Pid())
	return m, nil
}

// incidentsInstance is the org's data source row.
func incidentsInstance() grafanahost.DataSource {
	return grafanahost.DataSource{ID: 2, UID: incidentsUID, Name: incidentsName, PluginID: incidentsType,
		JSONData: json.RawMessage(`{}`), Updated: time.Unix(0, 0).UTC()}
}

// bootIncidentsDatasource is its entry in bootData settings.datasources,
// with the meta Grafana gives a nested plugin (module under the app's
// public path: bootstrap AppChildDecorateFunc).
func (s *server) bootIncidentsDatasource() (map[string]any, bool) {
	n, flags, ok := s.incidentsPlugin()
	if !ok {
		return nil, false
	}
	return map[string]any{
		"id": 2, "uid": incidentsUID, "name": incidentsName, "type": incidentsType, "access": "proxy",
		"isDefault": false, "readOnly": true, "jsonData": map[string]any{},
		"meta": map[string]any{
			"id": n.ID, "type": "datasource", "name": n.Name, "module": n.moduleURL(), "baseUrl": n.baseURL(),
			"metrics": flags.Metrics, "annotations": flags.Annotations, "backend": flags.Backend, "info": n.infoWithLogos(),
			"includedInAppId": pluginID,
		},
	}, true
}

// metricRequest is Grafana's dtos.MetricRequest (pkg/api/dtos/models.go).
type metricRequest struct {
	From    string            `json:"from"`
	To      string            `json:"to"`
	Queries []json.RawMessage `json:"queries"`
	Debug   bool              `json:"debug"`
}

type queryHead struct {
	RefID      string `json:"refId"`
	QueryType  string `json:"queryType"`
	Datasource *struct {
		UID  string `json:"uid"`
		Type string `json:"type"`
	} `json:"datasource"`
	MaxDataPoints int64   `json:"maxDataPoints"`
	IntervalMs    float64 `json:"intervalMs"`
}

// parseEpochOrRelative reads the from/to Grafana accepts: epoch
// milliseconds (what DataSourceWithBackend sends) or "now[-<duration>]".
func parseEpochOrRelative(v string, now time.Time) (time.Time, error) {
	if ms, err := strconv.ParseInt(v, 10, 64); err == nil {
		return time.UnixMilli(ms).UTC(), nil
	}
	if v == "now" {
		return now, nil
	}
	if rest, ok := strings.CutPrefix(v, "now-"); ok {
		if d, err := time.ParseDuration(rest); err == nil {
			return now.Add(-d), nil
		}
	}
	return time.Time{}, fmt.Errorf("cannot parse %q as a time", v)
}

// handleDsQuery is POST /api/ds/query (pkg/api/metrics.go QueryMetricsV2 →
// query.Service.QueryData): every query must name a data source; the test
// bed answers only for the incidents data source, whose back end gets one
// QueryData with the org's instance settings. Status 200, or 400 when any
// query failed (toJsonStreamingResponse), body {"results": {refId: …}}.
func (s *server) handleDsQuery(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	if !id.atLeast("Viewer") { // datasources:query
		apiError(w, http.StatusForbidden, "Access denied to datasource")
		return
	}
	var mr metricRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody))
	if err := dec.Decode(&mr); err != nil { // Grafana's binding ignores unknown fields here
		badRequest(w, err)
		return
	}
	if len(mr.Queries) == 0 {
		apiError(w, http.StatusBadRequest, "No queries found")
		return
	}
	now := time.Now().UTC()
	from, errFrom := parseEpochOrRelative(mr.From, now)
	to, errTo := parseEpochOrRelative(mr.To, now)
	if err := errors.Join(errFrom, errTo); err != nil {
		apiError(w, http.StatusBadRequest, err.Error())
		return
	}
	req := &backend.QueryDataRequest{
		PluginContext: s.pluginCtx(id).DataSourcePluginContext(incidentsInstance()),
		Headers:       map[string]string{},
	}
	for _, raw := range mr.Queries {
		var q queryHead
		if err := json.Unmarshal(raw, &q); err != nil {
			badRequest(w, err)
			return
		}
		if q.Datasource == nil || q.Datasource.UID == "" {
			apiError(w, http.StatusBadRequest, "Query missing datasource info: "+q.RefID)
			return
		}
		if q.Datasource.UID != incidentsUID {
			apiError(w, http.StatusNotFound, "Data source not found: the test bed queries only "+incidentsUID)
			return
		}
		if q.RefID == "" {
			q.RefID = "A"
		}
		req.Queries = append(req.Queries, backend.DataQuery{RefID: q.RefID, QueryType: q.QueryType, JSON: raw,
			MaxDataPoints: q.MaxDataPoints, Interval: time.Duration(q.IntervalMs * float64(time.Millisecond)),
			TimeRange: backend.TimeRange{From: from, To: to}})
	}
	p := s.dsPlugin.Plugin()
	if p == nil {
		apiError(w, http.StatusServiceUnavailable, "Plugin unavailable")
		return
	}
	resp, err := p.QueryData(r.Context(), req)
	switch {
	case errors.Is(err, grafanahost.ErrPluginUnavailable):
		apiError(w, http.StatusServiceUnavailable, "Plugin unavailable")
		return
	case err != nil:
		s.log.Error("query data", "error", err)
		apiError(w, http.StatusInternalServerError, "Query data error")
		return
	}
	code := http.StatusOK
	for _, res := range resp.Responses {
		if res.Error != nil {
			code = http.StatusBadRequest
		}
	}
	writeJSON(w, code, resp)
}

// handleDsHealth is GET /api/datasources/uid/{uid}/health
// (pkg/api/datasources.go checkDatasourceHealth): 200 {status, message} when
// OK, 400 with the same shape otherwise.
func (s *server) handleDsHealth(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	if r.PathValue("uid") != incidentsUID {
		apiError(w, http.StatusNotFound, "Data source not found")
		return
	}
	p := s.dsPlugin.Plugin()
	if p == nil {
		apiError(w, http.StatusServiceUnavailable, "Plugin unavailable")
		return
	}
	res, err := p.CheckHealth(r.Context(), s.pluginCtx(id).DataSourcePluginContext(incidentsInstance()))
	if err != nil {
		s.log.Error("data source health", "error", err)
		apiError(w, http.StatusInternalServerError, "Plugin health check failed")
		return
	}
	code := http.StatusOK
	if res.Status != backend.HealthStatusOk {
		code = http.StatusBadRequest
	}
	writeJSON(w, code, map[string]any{"status": res.Status.String(), "message": res.Message})
}

// pluginCtx is the base context of the user and org (grafanahost.Context);
// the data source's replaces the app's settings with its own.
func (s *server) pluginCtx(id identity) grafanahost.Context {
	p, _, _ := loadPluginJSON(s.cfg.dist)
	return grafanahost.Context{PluginVersion: p.version, OrgID: id.OrgID, User: id.backendUser(), AppURL: s.appURL}
}
