// Package nestedplugin checks the nested data source's "executable" against
// the way Grafana turns it into the path it starts, on every OS we ship for.
package nestedplugin

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"strings"
	"testing"
)

// grafanaExecutablePath is Grafana's rule (grafana/grafana pkg/plugins/plugins.go
// executablePath): path.Join of the plugin's folder, as the OS spells it, and
// executable_<os>_<arch>[.exe]. path.Join only knows "/".
func grafanaExecutablePath(pluginDir, executable, goos, goarch string) string {
	ext := ""
	if goos == "windows" {
		ext = ".exe"
	}
	return path.Join(pluginDir, fmt.Sprintf("%s_%s_%s%s", executable, goos, goarch, ext))
}

func executable(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Executable string `json:"executable"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p.Executable
}

// Where Grafana installs the app on each OS, and the nested data source's folder.
var installs = []struct{ goos, goarch, appDir, sep string }{
	{"linux", "amd64", "/var/lib/grafana/plugins/warroom-incident-app", "/"},
	{"darwin", "arm64", "/opt/homebrew/var/lib/grafana/plugins/warroom-incident-app", "/"},
	{"windows", "amd64", `C:\Program Files\GrafanaLabs\grafana\data\plugins\warroom-incident-app`, `\`},
}

func TestNestedDataSourceStartsFromItsOwnFolderOnEveryOS(t *testing.T) {
	exe := executable(t, "../../src/datasource/plugin.json")
	for _, in := range installs {
		dsDir := in.appDir + in.sep + "datasource"
		got := grafanaExecutablePath(dsDir, exe, in.goos, in.goarch)
		if !strings.HasPrefix(got, dsDir) {
			t.Errorf("%s: Grafana would start %q, outside %q", in.goos, got, dsDir)
		}
	}
}

// The layout this replaced: "../gpx_warroom" reaches the app's copy where the
// folder uses "/", but on Windows path.Join takes the whole backslashed folder
// for one element, "../" removes it, and Grafana is left with a bare file name
// that exec looks up on %PATH% (grafana#83416).
func TestParentRelativeExecutableBreaksOnWindows(t *testing.T) {
	for _, in := range installs {
		got := grafanaExecutablePath(in.appDir+in.sep+"datasource", "../gpx_warroom", in.goos, in.goarch)
		bare := !strings.ContainsAny(got, `/\`)
		if bare != (in.goos == "windows") {
			t.Errorf("%s: %q", in.goos, got)
		}
	}
}

func TestAppExecutableIsAtTheAppRoot(t *testing.T) {
	exe := executable(t, "../../src/plugin.json")
	for _, in := range installs {
		if got := grafanaExecutablePath(in.appDir, exe, in.goos, in.goarch); !strings.HasPrefix(got, in.appDir) {
			t.Errorf("%s: %q", in.goos, got)
		}
	}
}
