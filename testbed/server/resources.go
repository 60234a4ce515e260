package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

const resourcesPrefix = "/api/plugins/" + pluginID + "/resources"

// pluginContext builds what Grafana's plugin context provider would send
// for this user: org and user from the session, app settings of that org.
func (s *server) pluginContext(id identity) backend.PluginContext {
	a := s.settings.get(id.OrgID)
	p, _, _ := loadPluginJSON(s.cfg.dist)
	_, es := s.pluginServiceAccount()
	return grafanahost.Context{
		ExternalService:         es,
		PluginVersion:           p.version,
		OrgID:                   id.OrgID,
		User:                    id.backendUser(),
		JSONData:                a.JSONData,
		DecryptedSecureJSONData: a.SecureJSONData,
		Updated:                 a.Updated,
		AppURL:                  s.appURL,
	}.PluginContext()
}

// forwardHeaders prepares the request headers the plugin sees. It does what
// grafana/grafana pkg/util/proxyutil PrepareProxyRequest does (drop Origin,
// Referer and X-Forwarded-Host/Port/Proto, append X-Forwarded-For) and what
// the plugin client middlewares do for app plugins (clear the auth headers
// and cookies: clear_auth_headers_middleware.go, cookies_middleware.go).
// Beyond Grafana, every X-Grafana-* header from the client is removed too:
// identity must come only from the plugin context, and a plugin that read
// X-Grafana-Org-Id or X-Grafana-User would be trusting the browser.
func forwardHeaders(in http.Header, remoteAddr string) http.Header {
	out := in.Clone()
	if out == nil {
		out = http.Header{}
	}
	for k := range out {
		ck := textproto.CanonicalMIMEHeaderKey(k)
		if strings.HasPrefix(ck, "X-Grafana-") {
			delete(out, k)
		}
	}
	for _, k := range []string{"Cookie", "Authorization", "Proxy-Authorization", "Origin", "Referer",
		"X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Proto"} {
		out.Del(k)
	}
	if remoteAddr != "" {
		host, _, err := net.SplitHostPort(remoteAddr)
		if err != nil {
			host = remoteAddr
		}
		if prior := out.Get("X-Forwarded-For"); prior != "" {
			out.Set("X-Forwarded-For", prior+", "+host)
		} else {
			out.Set("X-Forwarded-For", host)
		}
	}
	return out
}

// handleResource is grafana/grafana pkg/api/plugin_resource.go
// callPluginResource + makePluginResourceRequest + flushStream.
func (s *server) handleResource(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	rest := strings.TrimPrefix(r.URL.Path, resourcesPrefix)
	rest = strings.TrimPrefix(rest, "/")
	if r.URL.RawQuery != "" {
		rest += "?" + r.URL.RawQuery
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		apiError(w, http.StatusBadRequest, "Failed for create plugin resource request")
		return
	}
	p := s.plugin.Plugin()
	if p == nil {
		apiError(w, http.StatusServiceUnavailable, "Plugin unavailable")
		return
	}
	req := grafanahost.ResourceRequest(s.pluginContext(id), r.Method, rest, forwardHeaders(r.Header, r.RemoteAddr), body)
	started := false
	err = p.CallResourceStream(r.Context(), req, func(resp *backend.CallResourceResponse) error {
		if !started {
			started = true
			writeResourceHead(w, resp)
		}
		if _, err := w.Write(resp.Body); err != nil {
			s.log.Error("Failed to write resource response", "error", err)
		}
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		return nil
	})
	if err == nil {
		return
	}
	if started {
		// Status already sent; Grafana logs and closes the stream.
		s.log.Error("Failed to receive response from resource call", "error", err)
		return
	}
	switch {
	case errors.Is(err, grafanahost.ErrPluginUnavailable):
		apiError(w, http.StatusServiceUnavailable, "Plugin unavailable")
	case errors.Is(err, grafanahost.ErrMethodNotImplemented):
		apiError(w, http.StatusNotFound, "Not found")
	case errors.Is(err, context.Canceled):
		// Client went away; nothing to answer.
	default:
		s.log.Error("Failed to call resource", "path", req.Path, "error", err)
		apiError(w, http.StatusInternalServerError, "Failed to call resource")
	}
}

// writeResourceHead copies the first message's headers and status like
// flushStream: canonical keys, Set-Cookie never reaches the browser, a
// Content-Type always present (JSON by default, except for 204), and
// Content-Security-Policy: sandbox (proxyutil.SetProxyResponseHeaders).
func writeResourceHead(w http.ResponseWriter, resp *backend.CallResourceResponse) {
	hasCT := false
	for k, vs := range resp.Headers {
		k = textproto.CanonicalMIMEHeaderKey(k)
		switch k {
		case "Set-Cookie":
			continue
		case "Content-Type":
			hasCT = true
		}
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if !hasCT && resp.Status != http.StatusNoContent {
		w.Header().Set("Content-Type", "application/json")
	}
	w.Header().Set("Content-Security-Policy", "sandbox")
	w.WriteHeader(resp.Status)
}

// handlePluginHealth is GET /api/plugins/<id>/health (pkg/api/plugins.go
// CheckHealth): 200 when OK, 503 otherwise, {status, message[, details]}.
func (s *server) handlePluginHealth(w http.ResponseWriter, r *http.Request) {
	id, ok := withIdentity(w, r)
	if !ok {
		return
	}
	p := s.plugin.Plugin()
	if p == nil {
		apiError(w, http.StatusServiceUnavailable, "Plugin unavailable")
		return
	}
	res, err := p.CheckHealth(r.Context(), s.pluginContext(id))
	switch {
	case errors.Is(err, grafanahost.ErrPluginUnavailable):
		apiError(w, http.StatusServiceUnavailable, "Plugin unavailable")
		return
	case errors.Is(err, grafanahost.ErrMethodNotImplemented):
		apiError(w, http.StatusNotFound, "Health check not implemented")
		return
	case err != nil:
		s.log.Error("plugin health check", "error", err)
		apiError(w, http.StatusInternalServerError, "Plugin health check failed")
		return
	}
	payload := map[string]any{"status": res.Status.String(), "message": res.Message}
	if len(res.JSONDetails) > 0 {
		payload["details"] = rawJSON(res.JSONDetails)
	}
	code := http.StatusOK
	if res.Status != backend.HealthStatusOk {
		code = http.StatusServiceUnavailable
	}
	writeJSON(w, code, payload)
}

// rawJSON embeds already-encoded JSON, or its text when it is not JSON.
func rawJSON(b []byte) any {
	if json.Valid(b) {
		return json.RawMessage(b)
	}
	return string(b)
}
