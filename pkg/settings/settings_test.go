package settings

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func env(m map[string]string) Env { return func(k string) string { return m[k] } }

func TestParseDefaultsToSQLiteBesideGrafanaData(t *testing.T) {
	s, err := Parse(backend.AppInstanceSettings{}, env(map[string]string{"GF_PATHS_DATA": "/var/lib/grafana"}))
	if err != nil {
		t.Fatal(err)
	}
	if s.SQLitePath != "/var/lib/grafana/plugins-data/warroom/warroom.db" || s.PostgresDSN != "" || s.SeverityLabels != "P" {
		t.Fatalf("unexpected defaults: %+v", s)
	}
	if s.StoreKind() != "SQLite" {
		t.Fatalf("store kind %q", s.StoreKind())
	}
}

func TestParseTakesDSNOnlyFromSecureJSON(t *testing.T) {
	jd, _ := json.Marshal(map[string]string{"dataDir": "/data", "severityLabels": "SEV", "postgresDsn": "postgres://leak"})
	s, err := Parse(backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: map[string]string{"postgresDsn": " postgres://u@h/db "}}, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.PostgresDSN != "postgres://u@h/db" || s.SeverityLabels != "SEV" || s.SQLitePath != "/data/warroom.db" {
		t.Fatalf("unexpected: %+v", s)
	}
	if strings.Contains(s.StoreKind(), "postgres://") {
		t.Fatalf("store kind leaks the DSN: %q", s.StoreKind())
	}
}

func TestParseRejectsBadSettings(t *testing.T) {
	cases := map[string]string{
		"bad json":       `{`,
		"unknown labels": `{"severityLabels":"X"}`,
		"relative dir":   `{"dataDir":"data"}`,
		"wrong type":     `{"dataDir":5}`,
	}
	for name, jd := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Parse(backend.AppInstanceSettings{JSONData: json.RawMessage(jd)}, env(nil)); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}
