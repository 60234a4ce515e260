package prometheus

import (
	"net/http"
	"net/netip"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck/httpchecktest"
)

// The Prometheus URL goes through the health check's address policy: the
// metadata service and link-local addresses are refused by New, and a name
// that resolves to one is refused when dialled, before any byte is sent
// (DNS rebinding). Loopback and private addresses are allowed: a
// self-hosted Prometheus lives there (the other tests use 127.0.0.1).
func TestThePrometheusURLGoesThroughTheAddressPolicy(t *testing.T) {
	for _, raw := range []string{"http://169.254.169.254/", "http://[fe80::1]:9090", "http://metadata.google.internal/", "http://0.0.0.0:9090"} {
		for _, cfg := range []Config{{URL: raw}, {GrafanaURL: raw, DatasourceUID: "prom", ServiceAccountToken: "glsa_token"}} {
			if _, err := New(cfg, nil); err == nil || !strings.Contains(err.Error(), "is not allowed") {
				t.Errorf("New(%+v) = %v, want the address refused", cfg, err)
			}
		}
	}
	for _, ok := range []string{"http://127.0.0.1:9090", "http://10.0.3.7:9090", "https://prometheus.internal"} {
		if _, err := New(Config{URL: ok}, nil); err != nil {
			t.Errorf("New(%s) = %v, want it allowed (private networks are where Prometheus lives)", ok, err)
		}
	}

	srv, hits := server(t, status(http.StatusOK, matrix))
	port := srv.URL[strings.LastIndex(srv.URL, ":"):]
	for _, ip := range []string{"169.254.169.254", "fe80::1"} {
		c := client(t, Config{URL: "http://prometheus.example" + port, Resolver: httpchecktest.FakeDNS(t, netip.MustParseAddr(ip))})
		_, err := query(c)
		if kindOf(err) != KindUnreachable || !strings.Contains(err.Error(), "not contacted") || !strings.Contains(err.Error(), ip) {
			t.Errorf("name resolving to %s: %v, want refused at dial", ip, err)
		}
	}
	if n := hits.Load(); n != 0 {
		t.Fatalf("%d requests reached a server", n)
	}
	// The same name resolving to loopback reaches the server: the refusal
	// above is the policy, not the fake resolver.
	c := client(t, Config{URL: "http://prometheus.example" + port, Resolver: httpchecktest.FakeDNS(t, netip.MustParseAddr("127.0.0.1"))})
	if _, err := query(c); err != nil || hits.Load() != 1 {
		t.Fatalf("loopback: %v (%d requests)", err, hits.Load())
	}
}
