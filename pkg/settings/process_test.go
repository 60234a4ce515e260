package settings

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestDefaultDataDirFromTheBinary(t *testing.T) {
	for exe, want := range map[string]string{
		// .deb, .rpm, Docker: plugins in /var/lib/grafana/plugins.
		"/var/lib/grafana/plugins/warroom-incident-app/gpx_warroom_linux_amd64": "/var/lib/grafana/plugins-data/warroom",
		// Tarball: plugins in <root>/data/plugins.
		"/opt/grafana-12.4.0/data/plugins/warroom-incident-app/gpx_warroom_linux_arm64": "/opt/grafana-12.4.0/data/plugins-data/warroom",
		// The nested data source runs its own copy from datasource/: the same directory.
		"/var/lib/grafana/plugins/warroom-incident-app/datasource/gpx_warroom_linux_amd64": "/var/lib/grafana/plugins-data/warroom",
	} {
		got, err := DefaultDataDir(exe)
		if err != nil || got != want {
			t.Errorf("DefaultDataDir(%q) = %q, %v; want %q", exe, got, err, want)
		}
	}
	for _, exe := range []string{"gpx_warroom", "/gpx_warroom", "/plugin/gpx_warroom"} {
		if got, err := DefaultDataDir(exe); err == nil {
			t.Errorf("DefaultDataDir(%q) = %q, want an error", exe, got)
		}
	}
}

func TestOnlyTheAppsProcessIsNotNested(t *testing.T) {
	app := ProcessFrom(env(nil), "/var/lib/grafana/plugins/warroom-incident-app/gpx_warroom_linux_amd64", nil)
	ds := ProcessFrom(env(nil), "/var/lib/grafana/plugins/warroom-incident-app/datasource/gpx_warroom_linux_amd64", nil)
	if app.NestedDataSource || !ds.NestedDataSource || app.SQLitePath() != ds.SQLitePath() {
		t.Fatalf("app %+v, data source %+v", app, ds)
	}
}

func TestProcessSettingsComeFromThePluginSection(t *testing.T) {
	p := ProcessFrom(env(map[string]string{
		EnvDataDir: " /srv/warroom ", EnvPostgresDSN: "postgres://u@h/db", EnvSecretKey: "k",
		"GF_PATHS_DATA": "/ignored", // Grafana never passes it; it is not read
	}), "/var/lib/grafana/plugins/warroom-incident-app/gpx_warroom_linux_amd64", nil)
	if p.DataDir != "/srv/warroom" || p.PostgresDSN != "postgres://u@h/db" || p.SecretKey != "k" || !p.Bootable() || p.StoreKind() != "PostgreSQL" {
		t.Fatalf("%+v", p)
	}
	if p.SQLitePath() != "/srv/warroom/warroom.db" {
		t.Fatalf("sqlite path %q", p.SQLitePath())
	}
	none := ProcessFrom(env(nil), "", errors.New("no executable"))
	if none.Bootable() || none.DefaultDataDirErr == nil {
		t.Fatalf("without a binary path or settings nothing is known: %+v", none)
	}
}

func TestProcessSettingsWinOverOrgSettings(t *testing.T) {
	jd, _ := json.Marshal(map[string]string{"dataDir": "/org/dir"})
	org := backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: map[string]string{"postgresDsn": "postgres://org"}}

	// Org settings alone: they still work, but the store is not the process one.
	s, err := Parse(org, testProc)
	if err != nil || s.PostgresDSN != "postgres://org" || s.ProcessStore {
		t.Fatalf("org DSN: %+v %v", s, err)
	}
	s, err = Parse(backend.AppInstanceSettings{JSONData: jd}, testProc)
	if err != nil || s.SQLitePath != "/org/dir/warroom.db" || s.ProcessStore {
		t.Fatalf("org dataDir: %+v %v", s, err)
	}

	// grafana.ini wins.
	p := testProc
	p.PostgresDSN = "postgres://ini"
	s, err = Parse(org, p)
	if err != nil || s.PostgresDSN != "postgres://ini" || !s.ProcessStore {
		t.Fatalf("ini DSN: %+v %v", s, err)
	}
	p = testProc
	p.DataDir = "/ini/dir"
	s, err = Parse(backend.AppInstanceSettings{JSONData: jd}, p)
	if err != nil || s.SQLitePath != "/ini/dir/warroom.db" || !s.ProcessStore {
		t.Fatalf("ini data_dir: %+v %v", s, err)
	}
	// An org dataDir equal to the process one is the process store.
	same, _ := json.Marshal(map[string]string{"dataDir": "/var/lib/grafana/plugins-data/warroom/"})
	if s, err = Parse(backend.AppInstanceSettings{JSONData: same}, testProc); err != nil || !s.ProcessStore {
		t.Fatalf("same dir: %+v %v", s, err)
	}
}

func TestUnknownDataDirNamesTheIniSetting(t *testing.T) {
	_, err := Parse(backend.AppInstanceSettings{}, ProcessFrom(env(nil), "", errors.New("no executable")))
	if err == nil || !strings.Contains(err.Error(), "data_dir under [plugin.warroom-incident-app]") {
		t.Fatalf("error %v", err)
	}
}
