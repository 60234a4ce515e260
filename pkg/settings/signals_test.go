package settings

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestCatalogAndPrometheusAreParsedWithDefaults(t *testing.T) {
	jd := []byte(`{"dataDir":"/d","services":[{"name":"checkout","selector":"service=\"checkout\""}],
		"prometheus":{"url":"http://127.0.0.1:9090","basicAuthUser":"u","timeout":"3s"},"reevaluateEvery":"30s"}`)
	s, err := Parse(backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: map[string]string{
		SecurePrometheusPassword: " pw ", "postgresDsn": "postgres://x"}}, testProc)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Problems) != 0 {
		t.Fatalf("problems: %+v", s.Problems)
	}
	svc, ok := s.Catalog.Service("checkout")
	if !ok || !strings.Contains(s.Catalog.ErrorRateQuery(svc), `http_requests_total{service="checkout"`) {
		t.Fatalf("catalog defaults not applied: %+v", s.Catalog)
	}
	if s.Prometheus.TimeoutOrDefault() != 3*time.Second || s.ReevaluateEvery != 30*time.Second {
		t.Fatalf("prometheus %+v every %s", s.Prometheus, s.ReevaluateEvery)
	}
	if s.Secrets[SecurePrometheusPassword] != "pw" || s.Secrets["postgresDsn"] != "" {
		t.Fatalf("secrets: only non-store secrets, trimmed; got keys %v", keys(s.Secrets))
	}
}

// A bad catalog or Prometheus entry is reported, never fatal: incidents keep
// working while an admin fixes the configuration.
func TestBadFeatureSettingsAreProblemsNotErrors(t *testing.T) {
	jd, _ := json.Marshal(map[string]any{
		"dataDir":         "/d",
		"services":        []map[string]string{{"name": "Bad Name"}},
		"prometheus":      map[string]string{"url": "ftp://x", "datasourceUid": "abc"},
		"reevaluateEvery": "soon",
	})
	s, err := Parse(backend.AppInstanceSettings{JSONData: jd}, testProc)
	if err != nil {
		t.Fatalf("feature problems must not fail the instance: %v", err)
	}
	paths := map[string]bool{}
	for _, p := range s.Problems {
		paths[p.Path] = true
	}
	for _, want := range []string{"services[0].name", "prometheus.url", "reevaluateEvery"} {
		if !paths[want] {
			t.Errorf("no problem reported at %s; got %+v", want, s.Problems)
		}
	}
	if s.ReevaluateEvery != time.Minute {
		t.Errorf("bad reevaluateEvery should fall back to 1m, got %s", s.ReevaluateEvery)
	}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// The Prometheus URL a config page saves goes through the health check's
// address policy: metadata and link-local refused at prometheus.url,
// loopback and private networks (where Prometheus usually is) allowed.
func TestThePrometheusURLGoesThroughTheAddressPolicy(t *testing.T) {
	for raw, want := range map[string]string{
		"http://169.254.169.254/":           "cloud metadata",
		"http://[fe80::1]:9090":             "link-local",
		"http://metadata.google.internal/":  "metadata host name",
		"http://[::ffff:169.254.169.254]/":  "cloud metadata",
		"http://127.0.0.1:9090":             "",
		"http://10.0.3.7:9090/prometheus":   "",
		"https://prometheus.internal:9090/": "",
	} {
		jd, _ := json.Marshal(map[string]any{"prometheus": map[string]string{"url": raw}})
		f, err := ParseJSONData(jd)
		if err != nil {
			t.Fatal(err)
		}
		errs := ValidateFeatures(f)
		switch {
		case want == "" && len(errs) != 0:
			t.Errorf("%s refused: %+v", raw, errs)
		case want != "" && (len(errs) != 1 || errs[0].Path != "prometheus.url" || !strings.Contains(errs[0].Message, want)):
			t.Errorf("%s: %+v, want prometheus.url naming %q", raw, errs, want)
		}
	}
}
