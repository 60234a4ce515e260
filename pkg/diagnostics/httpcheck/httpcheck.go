// Package httpcheck fetches the health URLs of catalogued services. The
// URLs come from the provisioned catalog, never from a request, and every
// connection is checked at dial time against an address policy so that the
// back end cannot be turned into a way to reach the cloud metadata service.
package httpcheck

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// Defaults of Options.
const (
	DefaultTimeout   = 10 * time.Second
	DefaultSlowAfter = 2 * time.Second
	MaxRedirects     = 3
	ExcerptBytes     = 512
)

// Options configure the fetch.
//
// AllowPrivate lets checks reach loopback and private ranges (RFC 1918,
// fc00::/7, CGNAT). DefaultOptions turns it on: a self-hosted Grafana
// usually reaches its services over the VPC or the docker network, and the
// URLs are set by an admin in the catalog. What stays refused in every
// mode is what an SSRF is after: link-local (169.254.0.0/16, fe80::/10),
// cloud metadata (169.254.169.254, fd00:ec2::254, ...), unspecified and
// multicast addresses. Turn it off where the catalog only holds public URLs.
type Options struct {
	Timeout      time.Duration
	SlowAfter    time.Duration
	AllowPrivate bool
	// CatalogHosts are the hosts (host or host:port) of other catalogued
	// services; a redirect may go to the check's own host or to one of them.
	CatalogHosts []string
	RootCAs      *x509.CertPool // nil: the system pool
	Resolver     *net.Resolver  // nil: the system resolver
	// Now measures the latency that SlowAfter judges (nil: time.Now); tests
	// inject a clock so a busy machine cannot make a fast answer look slow.
	Now func() time.Time
}

// DefaultOptions are the production settings documented on Options.
func DefaultOptions() Options { return Options{AllowPrivate: true} }

// New returns the health check of one URL.
func New(service, rawURL string, o Options) diagnostics.Check {
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.SlowAfter <= 0 {
		o.SlowAfter = DefaultSlowAfter
	}
	return diagnostics.NewCheck(diagnostics.CheckHTTPHealth, "Health endpoint "+rawURL, service,
		func(ctx context.Context, f *diagnostics.Finding) error { return fetch(ctx, rawURL, o, f) })
}

// Deps adapts New to diagnostics.Deps.HTTP.
func Deps(o Options) func(service, url string) diagnostics.Check {
	return func(service, url string) diagnostics.Check { return New(service, url, o) }
}

// Client builds the guarded client: no proxy (a proxy would make the dial
// checks look at the proxy), the address policy on every socket, and the
// redirect policy on every hop.
func Client(origin *url.URL, o Options) *http.Client {
	dialer := &net.Dialer{Timeout: o.Timeout, Resolver: o.Resolver, Control: control(o.AllowPrivate)}
	transport := &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		TLSClientConfig:     &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout: o.Timeout,
		DisableKeepAlives:   true, // one request per check; do not hold sockets
	}
	allowed := map[string]bool{strings.ToLower(origin.Host): true, strings.ToLower(origin.Hostname()): true}
	for _, h := range o.CatalogHosts {
		allowed[strings.ToLower(h)] = true
	}
	return &http.Client{
		Timeout:   o.Timeout,
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return &BlockedError{req.URL.Redacted(), fmt.Sprintf("more than %d redirects", MaxRedirects)}
			}
			return checkURL(req.URL, allowed)
		},
	}
}

func checkURL(u *url.URL, allowed map[string]bool) error {
	if u.Scheme != "http" && u.Scheme != "https" {
		return &BlockedError{u.Redacted(), "only http and https are fetched"}
	}
	if u.User != nil {
		return &BlockedError{u.Redacted(), "credentials in the URL"}
	}
	if allowed != nil && !allowed[strings.ToLower(u.Host)] && !allowed[strings.ToLower(u.Hostname())] {
		return &BlockedError{u.Redacted(), "redirect to a host outside the service catalog"}
	}
	return nil
}

func fetch(ctx context.Context, rawURL string, o Options, f *diagnostics.Finding) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("invalid health URL %q", rawURL)
	}
	if err := checkURL(u, nil); err != nil {
		return err
	}
	if u.Host == "" {
		return fmt.Errorf("invalid health URL %q: no host", rawURL)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return err
	}
	req.Header.Set("User-Agent", "warroom-diagnostics")
	req.Header.Set("Accept", "application/json, */*;q=0.5")
	now := o.Now
	if now == nil {
		now = time.Now
	}
	start := now()
	resp, err := Client(u, o).Do(req)
	latency := now().Sub(start)
	f.SetFact("latency_ms", float64(latency.Milliseconds()))
	if err != nil {
		var blocked *BlockedError
		if errors.As(err, &blocked) {
			// A refusal is the check not running, not the service being down.
			return blocked
		}
		f.Status = diagnostics.StatusCritical
		f.Error = unreachable(err)
		f.SetFact("http_up", 0)
		f.Summary = fmt.Sprintf("%s is unreachable after %s: %s.", u.Redacted(), latency.Round(time.Millisecond), f.Error)
		return nil
	}
	defer resp.Body.Close()
	judge(f, u, resp, latency, o)
	return nil
}

// unreachable words a failed fetch by class. The transport's own text
// names resolved addresses and the resolver ("dial tcp 10.0.3.7:8080",
// "lookup api.internal on 10.0.0.2:53"), which are not the catalog's to
// show; the URL is already in the summary.
func unreachable(err error) string {
	var (
		dnsErr  *net.DNSError
		certErr *tls.CertificateVerificationError
		hostErr x509.HostnameError
		authErr x509.UnknownAuthorityError
		invErr  x509.CertificateInvalidError
		recErr  tls.RecordHeaderError
	)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || isTimeout(err):
		return "timed out"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.As(err, &dnsErr):
		return "the host name does not resolve"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the connection was closed before an answer"
	case errors.Is(err, syscall.EHOSTUNREACH) || errors.Is(err, syscall.ENETUNREACH):
		return "host unreachable"
	case errors.As(err, &certErr) || errors.As(err, &hostErr) || errors.As(err, &authErr) || errors.As(err, &invErr):
		return "TLS certificate verification failed"
	case errors.As(err, &recErr):
		return "TLS handshake failed (is it an http:// endpoint?)"
	}
	return "the request failed"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
