package settings

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Prometheus says where the back end reads error-rate and latency series:
// a direct URL, or a Grafana Prometheus data source through Grafana's data
// source proxy. Credentials are secure settings only.
type Prometheus struct {
	URL           string `json:"url,omitempty"`
	DatasourceUID string `json:"datasourceUid,omitempty"`
	BasicAuthUser string `json:"basicAuthUser,omitempty"`
	// Timeout is Go duration text per attempt; default 10s.
	Timeout string `json:"timeout,omitempty"`
}

// Secure setting keys (secureJsonData). Values are never returned or logged.
const (
	SecurePrometheusPassword = "prometheusPassword"
	SecurePrometheusToken    = "prometheusToken"
	// SecureGrafanaToken is a service-account token for the data source proxy.
	SecureGrafanaToken = "grafanaToken"
	// SecureAlertWebhookSecret, when set, makes the alert webhook require an
	// HMAC signature.
	SecureAlertWebhookSecret = "alertWebhookSecret" // #nosec G101 -- the names of secureJsonData keys, not credentials
)

// Configured reports whether any Prometheus source is set.
func (p Prometheus) Configured() bool { return p.URL != "" || p.DatasourceUID != "" }

// TimeoutOrDefault is the per-attempt timeout.
func (p Prometheus) TimeoutOrDefault() time.Duration {
	if d, err := time.ParseDuration(p.Timeout); err == nil && d > 0 {
		return d
	}
	return 10 * time.Second
}

func (p Prometheus) validate() []incident.FieldError {
	var errs []incident.FieldError
	bad := func(path, msg string) {
		errs = append(errs, incident.FieldError{Path: "prometheus." + path, Message: msg})
	}
	if p.URL != "" && p.DatasourceUID != "" {
		bad("url", "set either a URL or a data source, not both")
	}
	if p.URL != "" {
		u, err := url.Parse(p.URL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			bad("url", "must be an http(s) URL such as http://prometheus:9090")
		case u.User != nil:
			bad("url", "put credentials in the basic auth fields, not in the URL")
		default:
			if msg := addressRefused(p.URL); msg != "" {
				bad("url", msg)
			}
		}
	}
	if p.DatasourceUID != "" && strings.ContainsAny(p.DatasourceUID, "/?#% ") {
		bad("datasourceUid", "is a data source uid: letters, digits, '-' and '_'")
	}
	if p.Timeout != "" {
		if d, err := time.ParseDuration(p.Timeout); err != nil || d <= 0 || d > 2*time.Minute {
			bad("timeout", "must be a duration from 1ms to 2m, such as 10s")
		}
	}
	return errs
}

// ReevaluateEvery is how often open incidents are re-evaluated against their
// metrics; "0" or "off" turns it off. Default 1m.
func parseReevaluate(v string) (time.Duration, error) {
	switch strings.TrimSpace(v) {
	case "":
		return time.Minute, nil
	case "0", "off":
		return 0, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < time.Second {
		return 0, fmt.Errorf("reevaluateEvery must be a duration of at least 1s, or \"off\"")
	}
	return d, nil
}

// addressRefused applies the health check's address policy to a URL an
// admin saves (the Prometheus URL; channel URLs go through notify's own
// check): loopback and private ranges are allowed, because a self-hosted
// Prometheus or webhook receiver usually lives there; the cloud metadata
// service, link-local, unspecified and multicast addresses never are. The
// clients check again at every dial (httpcheck.Transport). "" means allowed.
func addressRefused(raw string) string {
	var blocked *httpcheck.BlockedError
	if err := httpcheck.CheckConfiguredURL(raw, true); errors.As(err, &blocked) {
		return "must not point at a " + blocked.Reason + "; metadata and link-local addresses are never called"
	} else if err != nil {
		return "must be an absolute http(s) URL without credentials"
	}
	return ""
}
