package main

import (
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"

	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// The one data source of the test bed: Prometheus, when -prometheus-url is
// set. Grafana's DTO is pkg/api/dtos/datasource.go (DataSource); the proxy
// is pkg/api/pluginproxy/ds_proxy.go.
const (
	promUID   = "prometheus"
	promName  = "Prometheus"
	promProxy = "/api/datasources/proxy/uid/" + promUID
)

// datasourceDTO is GET /api/datasources/uid/{uid}.
func (s *server) datasourceDTO(orgID int64) map[string]any {
	return map[string]any{
		"id": 1, "uid": promUID, "orgId": orgID, "name": promName, "type": "prometheus",
		"typeLogoUrl": "public/plugins/prometheus/img/prometheus_logo.svg", "access": "proxy",
		"url": s.prom.String(), "user": "", "database": "", "basicAuth": false, "basicAuthUser": "",
		"withCredentials": false, "isDefault": true,
		"jsonData": map[string]any{"httpMethod": "POST"}, "secureJsonFields": map[string]bool{},
		"version": 1, "readOnly": true, "apiVersion": "",
	}
}

// bootDatasource is the entry of bootData settings.datasources
// (pkg/api/frontendsettings.go getFSDataSources): the browser reaches the
// server only through the proxy URL.
func bootDatasource() map[string]any {
	return map[string]any{
		"id": 1, "uid": promUID, "name": promName, "type": "prometheus", "access": "proxy",
		"url": promProxy, "isDefault": true, "readOnly": true,
		"jsonData": map[string]any{"httpMethod": "POST"},
		"meta": map[string]any{
			"id": "prometheus", "type": "datasource", "name": "Prometheus", "module": "core:plugin/prometheus",
			"baseUrl": "public/plugins/prometheus", "metrics": true, "alerting": true, "annotations": true,
			"backend": true, "info": map[string]any{"version": grafanahost.GrafanaVersion},
		},
	}
}

func (s *server) handleListDatasources(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	out := []any{}
	if s.prom != nil {
		out = append(out, s.datasourceDTO(id.OrgID))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *server) handleGetDatasource(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	if s.prom == nil || r.PathValue("uid") != promUID {
		apiError(w, http.StatusNotFound, "Data source not found")
		return
	}
	writeJSON(w, http.StatusOK, s.datasourceDTO(id.OrgID))
}

// promPostAllowed lists the POST routes of Prometheus' plugin.json
// (public/app/plugins/datasource/prometheus/plugin.json "routes"); any other
// POST, and every PUT or DELETE, is refused by ds_proxy.go validateRequest.
var promPostAllowed = []string{"api/v1/query", "api/v1/query_range", "api/v1/series", "api/v1/labels", "api/v1/query_exemplars"}

func (s *server) handleDatasourceProxy(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	if s.prom == nil || r.PathValue("uid") != promUID {
		apiError(w, http.StatusNotFound, "Unable to find datasource")
		return
	}
	if !id.atLeast("Viewer") { // datasources:query
		apiError(w, http.StatusForbidden, "Access denied to datasource")
		return
	}
	proxyPath := strings.TrimPrefix(r.URL.Path, promProxy)
	proxyPath = strings.TrimPrefix(proxyPath, "/")
	switch r.Method {
	case http.MethodGet, http.MethodHead:
	case http.MethodPost:
		allowed := false
		for _, p := range promPostAllowed {
			allowed = allowed || proxyPath == p
		}
		if !allowed {
			apiError(w, http.StatusForbidden, "non allow-listed POSTs not allowed on proxied Prometheus datasource")
			return
		}
	case http.MethodPut:
		apiError(w, http.StatusForbidden, "non allow-listed PUTs not allowed on proxied Prometheus datasource")
		return
	case http.MethodDelete:
		apiError(w, http.StatusForbidden, "non allow-listed DELETEs not allowed on proxied Prometheus datasource")
		return
	default:
		apiError(w, http.StatusMethodNotAllowed, "Method not allowed")
		return
	}
	target := *s.prom
	rp := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.Out.URL.Scheme, pr.Out.URL.Host = target.Scheme, target.Host
			pr.Out.URL.Path = strings.TrimSuffix(target.Path, "/") + "/" + proxyPath
			pr.Out.URL.RawPath = ""
			pr.Out.Host = target.Host
			pr.Out.Header = forwardHeaders(pr.In.Header, "")
			pr.SetXForwarded()
			pr.Out.Header.Set("User-Agent", "Grafana/"+grafanahost.GrafanaVersion)
		},
		ModifyResponse: func(resp *http.Response) error {
			// ds_proxy.go: never let a data source set cookies on Grafana's origin.
			resp.Header.Del("Set-Cookie")
			resp.Header.Set("Content-Security-Policy", "sandbox")
			return nil
		},
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			s.log.Warn("data source proxy", "error", err)
			apiError(w, http.StatusBadGateway, "Bad Gateway")
		},
	}
	rp.ServeHTTP(w, r)
}

// parsePrometheusURL accepts only http(s) URLs with a host.
func parsePrometheusURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &url.Error{Op: "parse", URL: raw, Err: errBadPromURL}
	}
	return u, nil
}

var errBadPromURL = errString("-prometheus-url must be an http(s) URL with a host")

type errString string

func (e errString) Error() string { return string(e) }
