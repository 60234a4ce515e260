package settings

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func env(m map[string]string) Env { return func(k string) string { return m[k] } }

// testProc is a process whose binary is where the .deb puts it.
var testProc = ProcessFrom(env(nil), "/var/lib/grafana/plugins/warroom-incident-app/gpx_warroom_linux_amd64", nil)

func TestParseDefaultsToSQLiteBesideGrafanaPlugins(t *testing.T) {
	s, err := Parse(backend.AppInstanceSettings{}, testProc)
	if err != nil {
		t.Fatal(err)
	}
	if s.SQLitePath != "/var/lib/grafana/plugins-data/warroom/warroom.db" || s.PostgresDSN != "" || s.SeverityLabels != "P" || !s.ProcessStore {
		t.Fatalf("unexpected defaults: %+v", s)
	}
	if s.StoreKind() != "SQLite" {
		t.Fatalf("store kind %q", s.StoreKind())
	}
}

func TestParseTakesDSNOnlyFromSecureJSON(t *testing.T) {
	jd, _ := json.Marshal(map[string]string{"dataDir": "/data", "severityLabels": "SEV", "postgresDsn": "postgres://leak"})
	s, err := Parse(backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: map[string]string{"postgresDsn": " postgres://u@h/db "}}, testProc)
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
			if _, err := Parse(backend.AppInstanceSettings{JSONData: json.RawMessage(jd)}, testProc); err == nil {
				t.Fatal("want an error")
			}
		})
	}
}
