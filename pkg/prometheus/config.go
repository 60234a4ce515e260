// Package prometheus is a thin client for Prometheus' query_range API,
// talking to Prometheus directly or through Grafana's data source proxy. It
// retries what is worth retrying, bounds every attempt, and turns failures
// into an Error whose message can be shown to users as is.
package prometheus

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
)

// Config says where Prometheus is and how to authenticate. Set either URL
// (direct) or GrafanaURL and DatasourceUID (through Grafana), not both.
type Config struct {
	// URL is the direct Prometheus base URL, e.g. http://prom:9090 or
	// https://host/prometheus.
	URL                      string
	BasicUser, BasicPassword string
	BearerToken              string
	// Through Grafana's data source proxy instead of URL:
	// GrafanaURL + "/api/datasources/proxy/uid/" + DatasourceUID, with a
	// service-account token sent as a Bearer token.
	GrafanaURL, DatasourceUID, ServiceAccountToken string

	Timeout time.Duration // per attempt; default 10s
	// Retries are extra attempts after network errors, 5xx and 429; default
	// 2, negative means none. Other 4xx are never retried (the same request
	// would fail again), nor is an attempt that timed out (a Prometheus too
	// slow once is usually too slow again; retrying multiplies the wait).
	Retries int
	Backoff time.Duration // first backoff, doubled each retry with jitter; default 200ms

	// Resolver looks names up for the client New makes; nil is the
	// system resolver (tests give a fake one).
	Resolver *net.Resolver
}

// Defaults of Config.
const (
	DefaultTimeout = 10 * time.Second
	DefaultRetries = 2
	DefaultBackoff = 200 * time.Millisecond
)

// Client queries one Prometheus. It is safe for concurrent use.
type Client struct {
	hc      *http.Client
	base    string // no trailing slash
	target  string // "Prometheus at host:port", for messages
	direct  bool
	auth    func(*http.Request)
	secrets []string // redacted from every message, as a last line of defence
	timeout time.Duration
	retries int
	backoff time.Duration
}

// New validates cfg and returns a client. A nil hc means a client of its own,
// which dials under the address policy (httpcheck.Transport).
// Errors name the wrong field but never echo secrets.
func New(cfg Config, hc *http.Client) (*Client, error) {
	direct := cfg.URL != ""
	viaGrafana := cfg.GrafanaURL != "" || cfg.DatasourceUID != ""
	switch {
	case direct && viaGrafana:
		return nil, errors.New("set either the Prometheus URL or the Grafana URL and data source UID, not both")
	case !direct && !viaGrafana:
		return nil, errors.New("set the Prometheus URL, or the Grafana URL and data source UID")
	case viaGrafana && (cfg.GrafanaURL == "" || cfg.DatasourceUID == ""):
		return nil, errors.New("querying through Grafana needs both the Grafana URL and the data source UID")
	case viaGrafana && cfg.ServiceAccountToken == "":
		return nil, errors.New("querying through Grafana needs a service-account token")
	case direct && cfg.BearerToken != "" && (cfg.BasicUser != "" || cfg.BasicPassword != ""):
		return nil, errors.New("set either basic auth or a bearer token, not both")
	case cfg.Timeout < 0 || cfg.Backoff < 0:
		return nil, errors.New("timeout and backoff must not be negative")
	}
	raw, name := cfg.URL, "Prometheus"
	if viaGrafana {
		raw, name = cfg.GrafanaURL, "Grafana"
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("the %s URL must be an absolute http:// or https:// URL", name)
	}
	if u.User != nil {
		return nil, fmt.Errorf("the %s URL must not contain credentials: use the basic auth or token settings", name)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("the %s URL must not have a query or fragment", name)
	}
	// The health check's address policy (private ranges allowed: a
	// self-hosted Prometheus is usually on one; metadata and link-local
	// never). The client New makes checks it again at every dial.
	if err := httpcheck.CheckConfiguredURL(raw, true); err != nil {
		return nil, fmt.Errorf("the %s URL is not allowed: %w", name, err)
	}
	c := &Client{hc: hc, direct: direct, target: name + " at " + u.Host,
		timeout: cfg.Timeout, retries: cfg.Retries, backoff: cfg.Backoff}
	c.base = strings.TrimRight(u.String(), "/")
	if viaGrafana {
		c.base += "/api/datasources/proxy/uid/" + url.PathEscape(cfg.DatasourceUID)
	}
	switch {
	case viaGrafana:
		c.auth = bearer(cfg.ServiceAccountToken)
	case cfg.BearerToken != "":
		c.auth = bearer(cfg.BearerToken)
	case cfg.BasicUser != "" || cfg.BasicPassword != "":
		c.auth = func(r *http.Request) { r.SetBasicAuth(cfg.BasicUser, cfg.BasicPassword) }
	default:
		c.auth = func(*http.Request) {}
	}
	basic := base64.StdEncoding.EncodeToString([]byte(cfg.BasicUser + ":" + cfg.BasicPassword))
	for _, s := range []string{cfg.BasicPassword, cfg.BearerToken, cfg.ServiceAccountToken, basic} {
		if len(s) >= 4 { // shorter strings would redact ordinary words
			c.secrets = append(c.secrets, s)
		}
	}
	if c.hc == nil {
		c.hc = &http.Client{Transport: httpcheck.Transport(true, cfg.Resolver)}
	}
	if c.timeout == 0 {
		c.timeout = DefaultTimeout
	}
	if cfg.Retries == 0 {
		c.retries = DefaultRetries
	} else if cfg.Retries < 0 {
		c.retries = 0
	}
	if c.backoff == 0 {
		c.backoff = DefaultBackoff
	}
	return c, nil
}

func bearer(token string) func(*http.Request) {
	return func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+token) }
}
