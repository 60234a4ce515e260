package httpcheck

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

func run(t *testing.T, url string, o Options) diagnostics.Finding {
	t.Helper()
	f := New("api", url, o).Run(context.Background())
	t.Logf("%s %s: %s", url, f.Status, f.Summary)
	return f
}

func server(t *testing.T, hits *atomic.Int32, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits != nil {
			hits.Add(1)
		}
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func TestHealthVerdicts(t *testing.T) {
	// Latency is read from a fake clock that only the "slow" handler moves: the verdicts do not
	// depend on how busy the machine is.
	var elapsed atomic.Int64
	start := time.Date(2026, 12, 5, 3, 0, 0, 0, time.UTC)
	clock := func() time.Time { return start.Add(time.Duration(elapsed.Load())) }
	o := Options{AllowPrivate: true, SlowAfter: 150 * time.Millisecond, Timeout: time.Second, Now: clock}
	ok := server(t, nil, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"status":"ok","db":{"up":true},"pad":"`+strings.Repeat("x", 600)+`"}`)
	})
	f := run(t, ok.URL+"/api/v1/health", o)
	body := f.Details[1].Rows[0][0]
	if f.Status != diagnostics.StatusOK || f.Facts["http_status"] != 200 || !strings.HasPrefix(body, "{\n  \"status\": \"ok\",\n  \"db\": {") ||
		len(body) > ExcerptBytes+len("…") {
		t.Fatalf("ok finding %+v body %q", f, body)
	}
	cases := map[string]struct {
		h    http.HandlerFunc
		want diagnostics.Status
		says string
	}{
		"5xx":  {func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(502) }, diagnostics.StatusCritical, "502 Bad Gateway"},
		"4xx":  {func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(404) }, diagnostics.StatusWarning, "404 Not Found"},
		"slow": {func(w http.ResponseWriter, r *http.Request) { elapsed.Add(int64(300 * time.Millisecond)) }, diagnostics.StatusWarning, "slowly"},
		// Answers only when the client gives up (its 1 s timeout).
		"hang": {func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }, diagnostics.StatusCritical, "unreachable"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := run(t, server(t, nil, c.h).URL, o)
			if f.Status != c.want || !strings.Contains(f.Summary, c.says) {
				t.Fatalf("got %s %q", f.Status, f.Summary)
			}
		})
	}
	// A closed port: connection refused is an outage, not a failed check.
	l, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := l.Addr().String()
	l.Close()
	if f := run(t, "http://"+addr+"/health", o); f.Status != diagnostics.StatusCritical || !strings.Contains(f.Summary, "refused") {
		t.Fatalf("refused port: %+v", f)
	}
}

func TestTLSCertificateDays(t *testing.T) {
	s := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer s.Close()
	pool := s.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	f := run(t, s.URL, Options{AllowPrivate: true, RootCAs: pool})
	if f.Status != diagnostics.StatusOK || f.Facts["tls_days_remaining"] < 365 {
		t.Fatalf("%+v", f)
	}
}

func refused(t *testing.T, f diagnostics.Finding, reason string) {
	t.Helper()
	if f.Status != diagnostics.StatusError || !strings.Contains(f.Error, reason) || !strings.HasPrefix(f.Error, "refused ") {
		t.Fatalf("want a refusal for %q, got %s: %s", reason, f.Status, f.Error)
	}
}

func TestSSRFRefusals(t *testing.T) {
	prod := DefaultOptions() // private allowed, as in production
	prod.Timeout = 2 * time.Second
	refused(t, run(t, "http://169.254.169.254/latest/meta-data/iam/security-credentials/", prod), "cloud metadata address")
	refused(t, run(t, "http://[fd00:ec2::254]/latest/meta-data/", prod), "cloud metadata address")
	refused(t, run(t, "http://[::ffff:169.254.169.254]/", prod), "cloud metadata address")
	refused(t, run(t, "http://169.254.10.10/", prod), "link-local address")
	refused(t, run(t, "http://[fe80::1]/", prod), "link-local address")
	refused(t, run(t, "http://0.0.0.0/", prod), "unspecified address")
	refused(t, run(t, "http://224.0.0.1/", prod), "multicast")
	refused(t, run(t, "file:///etc/passwd", prod), "only http and https")

	// A name that resolves to link-local or metadata, through a real DNS
	// server: refused at dial time, whatever the name looked like.
	for _, ip := range []string{"169.254.169.254", "169.254.1.1", "fd00:ec2::254"} {
		o := prod
		o.Resolver = fakeDNS(t, netip.MustParseAddr(ip))
		refused(t, run(t, "http://health.service.test:8080/health", o), "refused "+ip)
	}

	// Loopback is reachable only with AllowPrivate, and a refusal sends
	// nothing: the server sees no request.
	var hits atomic.Int32
	s := server(t, &hits, func(w http.ResponseWriter, r *http.Request) {})
	refused(t, run(t, s.URL, Options{AllowPrivate: false}), "loopback address (AllowPrivate is off)")
	if hits.Load() != 0 {
		t.Fatal("a refused address received a request")
	}
	if f := run(t, s.URL, prod); f.Status != diagnostics.StatusOK || hits.Load() != 1 {
		t.Fatalf("allowed loopback: %+v", f)
	}
}

func TestRedirectPolicy(t *testing.T) {
	var outsideHits atomic.Int32
	outside := server(t, &outsideHits, func(w http.ResponseWriter, r *http.Request) {})
	outsideURL := strings.Replace(outside.URL, "127.0.0.1", "localhost", 1)
	to := func(target string) *httptest.Server {
		return server(t, nil, func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, target, http.StatusFound) })
	}
	o := DefaultOptions()
	refused(t, run(t, to("http://169.254.169.254/latest/meta-data/").URL, o), "outside the service catalog")
	refused(t, run(t, to(outsideURL+"/health").URL, o), "outside the service catalog")
	if outsideHits.Load() != 0 {
		t.Fatal("the host outside the catalog received a request")
	}
	// Even a redirect to a catalogued name is dialled only if its address passes.
	o.CatalogHosts = []string{"169.254.169.254", "localhost"}
	refused(t, run(t, to("http://169.254.169.254/latest/meta-data/").URL, o), "cloud metadata address")
	if f := run(t, to(outsideURL+"/health").URL, o); f.Status != diagnostics.StatusOK || outsideHits.Load() != 1 {
		t.Fatalf("catalogued redirect: %+v", f)
	}

	// Three hops are followed, a fourth is not.
	hops := func(total int) string {
		return server(t, nil, func(w http.ResponseWriter, r *http.Request) {
			var n int
			if _, err := fmt.Sscanf(r.URL.Path, "/hop%d", &n); err != nil {
				t.Errorf("hop server asked for %s: %v", r.URL.Path, err)
				return
			}
			if n < total {
				http.Redirect(w, r, fmt.Sprintf("/hop%d", n+1), http.StatusFound)
			}
		}).URL + "/hop0"
	}
	if f := run(t, hops(3), DefaultOptions()); f.Status != diagnostics.StatusOK || !strings.Contains(f.Details[0].Rows[3][1], "/hop3") {
		t.Fatalf("3 redirects: %+v", f)
	}
	refused(t, run(t, hops(4), DefaultOptions()), "more than 3 redirects")
}

// A failed fetch is worded by class: the transport's text (the resolver's
// address, the dialled IP) stays out of the finding; the URL is the
// catalog's and stays in.
func TestUnreachableIsWordedByClass(t *testing.T) {
	o := DefaultOptions()
	o.Timeout = 2 * time.Second
	o.Resolver = fakeDNS(t, netip.Addr{}) // answers with no address: no such host
	f := run(t, "http://health.secret.test:8080/health", o)
	if f.Status != diagnostics.StatusCritical || f.Error != "the host name does not resolve" ||
		!strings.Contains(f.Summary, "http://health.secret.test:8080/health is unreachable") {
		t.Fatalf("%s %q %q", f.Status, f.Error, f.Summary)
	}
	if strings.Contains(f.Summary+f.Error, "127.0.0.1") || strings.Contains(f.Summary+f.Error, "lookup") {
		t.Fatalf("resolver details in %q", f.Summary)
	}
}

// The policy for configured URLs (the AWS endpoint override): what the
// health check refuses at dial time is refused here before any request.
func TestCheckConfiguredURL(t *testing.T) {
	for raw, reason := range map[string]string{
		"http://169.254.169.254/":               "cloud metadata address",
		"http://[fd00:ec2::254]/":               "cloud metadata address",
		"http://169.254.170.2/v2/credentials":   "cloud metadata address",
		"http://169.254.1.1:4566":               "link-local address",
		"http://metadata.google.internal/":      "cloud metadata host name",
		"http://0.0.0.0:4566":                   "unspecified address",
		"https://user:pw@vpce.example.internal": "credentials in the URL",
		"ftp://vpce.example.internal":           "only http and https",
	} {
		err := CheckConfiguredURL(raw, true)
		if err == nil || !strings.Contains(err.Error(), reason) {
			t.Errorf("%s: %v, want %q", raw, err, reason)
		}
	}
	for _, raw := range []string{"https://vpce-0abc.ecs.eu-west-1.vpce.amazonaws.com", "http://127.0.0.1:4566", "http://10.0.3.7:8080"} {
		if err := CheckConfiguredURL(raw, true); err != nil {
			t.Errorf("%s refused: %v", raw, err)
		}
	}
	if err := CheckConfiguredURL("http://10.0.3.7:8080", false); err == nil {
		t.Error("a private address passed with private ranges off")
	}
}
