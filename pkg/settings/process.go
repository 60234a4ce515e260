package settings

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Process-level settings come from grafana.ini, section
// [plugin.warroom-incident-app]: Grafana passes every key of that section to
// the plugin process as GF_PLUGIN_<KEY UPPERCASED> (grafana
// pkg/services/pluginsintegration/pluginconfig/envvars.go,
// pluginSettingsEnvVars). They are known when the process starts, before
// any org instance exists, so the store they name can be opened and its
// scheduler started at once (pkg/plugin/boot.go). Grafana never passes
// GF_PATHS_DATA or any other variable of its own environment to plugins.
const (
	EnvDataDir     = "GF_PLUGIN_DATA_DIR"     // data_dir
	EnvPostgresDSN = "GF_PLUGIN_POSTGRES_DSN" // postgres_dsn
	EnvSecretKey   = "GF_PLUGIN_SECRET_KEY"   // #nosec G101 -- secret_key: the name of a setting, not a credential
)

// NestedDataSourceDir is the folder of the nested data source inside the
// app's folder (src/datasource → dist/datasource).
const NestedDataSourceDir = "datasource"

// IniSection is the grafana.ini section health messages point admins to.
const IniSection = "[plugin.warroom-incident-app]"

// Process is what the whole back-end process runs with, whatever the org.
type Process struct {
	// DataDir is data_dir; "" when not set.
	DataDir string
	// DefaultDataDir is where the SQLite database goes when neither data_dir
	// nor an org's jsonData.dataDir names a directory; "" when it could not
	// be derived (DefaultDataDirErr says why).
	DefaultDataDir    string
	DefaultDataDirErr error
	// PostgresDSN is postgres_dsn; never log it.
	PostgresDSN string
	// SecretKey is secret_key: the key org settings snapshots are sealed
	// with (pkg/seal). Never log it.
	SecretKey string
	// NestedDataSource is true in the process Grafana starts for the nested
	// data source (the copy of the binary in datasource/): it serves queries
	// only and runs no scheduler, which the app's process runs.
	NestedDataSource bool
}

// ProcessFrom reads the process settings from env; executable is the path
// of the running binary (os.Executable).
func ProcessFrom(env Env, executable string, executableErr error) Process {
	p := Process{
		DataDir:     strings.TrimSpace(env(EnvDataDir)),
		PostgresDSN: strings.TrimSpace(env(EnvPostgresDSN)),
		SecretKey:   env(EnvSecretKey),
	}
	if executableErr != nil {
		p.DefaultDataDirErr = executableErr
	} else {
		p.NestedDataSource = filepath.Base(filepath.Dir(filepath.Clean(executable))) == NestedDataSourceDir
		p.DefaultDataDir, p.DefaultDataDirErr = DefaultDataDir(executable)
	}
	return p
}

// FromOS is this process's settings, read once from its environment and
// its binary's path.
var FromOS = sync.OnceValue(func() Process {
	exe, err := os.Executable()
	return ProcessFrom(os.Getenv, exe, err)
})

// DefaultDataDir derives the data directory from the binary's path. Grafana
// runs the app's binary from <plugins dir>/warroom-incident-app/ and the
// nested data source's copy from <plugins dir>/warroom-incident-app/datasource/
// (its plugin.json names "gpx_warroom": see Magefile.go), so both processes
// find the same directory, <plugins dir>/../plugins-data/warroom:
// /var/lib/grafana/plugins-data/warroom for the .deb, .rpm and Docker
// images (plugins in /var/lib/grafana/plugins), <root>/data/plugins-data/warroom
// for the tarball (plugins in <root>/data/plugins). Grafana's own user can
// write there; the plugin directory itself is replaced on upgrades.
func DefaultDataDir(executable string) (string, error) {
	if !filepath.IsAbs(executable) {
		return "", errors.New("the plugin binary's path is not absolute")
	}
	pluginDir := filepath.Dir(filepath.Clean(executable))
	if filepath.Base(pluginDir) == NestedDataSourceDir {
		pluginDir = filepath.Dir(pluginDir)
	}
	pluginsDir := filepath.Dir(pluginDir)
	if pluginsDir == pluginDir || filepath.Dir(pluginsDir) == pluginsDir {
		// The binary sits at / or one level below: there is no plugins
		// directory with a parent to put plugins-data in.
		return "", errors.New("the plugin binary is not inside a plugins directory")
	}
	return filepath.Join(filepath.Dir(pluginsDir), "plugins-data", "warroom"), nil
}

// SQLitePath is the database file of the process-level SQLite store: at
// data_dir, else at the default directory; "" when neither is known.
func (p Process) SQLitePath() string {
	switch {
	case p.DataDir != "":
		return filepath.Join(p.DataDir, "warroom.db")
	case p.DefaultDataDir != "":
		return filepath.Join(p.DefaultDataDir, "warroom.db")
	}
	return ""
}

// Bootable reports whether the process knows its store without any org's
// settings, so the scheduler can start before the first request.
func (p Process) Bootable() bool { return p.PostgresDSN != "" || p.SQLitePath() != "" }

// StoreKind names the process store for messages (no DSN, no path).
func (p Process) StoreKind() string {
	if p.PostgresDSN != "" {
		return "PostgreSQL"
	}
	return "SQLite"
}
