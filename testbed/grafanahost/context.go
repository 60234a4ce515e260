package grafanahost

import (
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/useragent"
	"github.com/grafana/grafana-plugin-sdk-go/config"
)

// Defaults that stand for the Grafana this test bed imitates; the
// docker-compose set-up of this repo runs Grafana 12.4.0.
const (
	PluginID       = "warroom-incident-app"
	GrafanaVersion = "12.4.0"
	// Edition is what Grafana's OSS licensing service reports.
	Edition = "Open Source"
)

// Context describes one call's plugin context in the terms Grafana builds it
// from: the signed-in user, the org and the app's stored settings.
type Context struct {
	PluginID      string // default PluginID
	PluginVersion string
	OrgID         int64
	// User is nil for a call without a signed-in user.
	User *backend.User
	// JSONData is the app's jsonData; nil means "{}" as Grafana sends for an
	// app without stored settings.
	JSONData json.RawMessage
	// DecryptedSecureJSONData is the app's secureJsonData, decrypted.
	DecryptedSecureJSONData map[string]string
	// Updated is the settings' last change; the SDK's instance manager
	// recreates the org's instance whenever it differs from the cached one.
	Updated        time.Time
	GrafanaVersion string // default GrafanaVersion
	AppURL         string // GF_APP_URL in GrafanaConfig; empty leaves it out
}

// NewUser is the backend.User Grafana's adapters.BackendUserFromSignedInUser
// makes: login, name, email and the org role as a string
// ("Viewer", "Editor", "Admin" or "None").
func NewUser(login, name, email, role string) *backend.User {
	return &backend.User{Login: login, Name: name, Email: email, Role: role}
}

// PluginContext builds the backend.PluginContext Grafana's plugin context
// provider sends (pkg/services/pluginsintegration/plugincontext:
// GetBasePluginContext + appInstanceSettings).
func (c Context) PluginContext() backend.PluginContext {
	id := c.PluginID
	if id == "" {
		id = PluginID
	}
	gv := c.GrafanaVersion
	if gv == "" {
		gv = GrafanaVersion
	}
	jsonData := c.JSONData
	if len(jsonData) == 0 {
		jsonData = json.RawMessage("{}")
	}
	secure := c.DecryptedSecureJSONData
	if secure == nil {
		secure = map[string]string{}
	}
	pc := backend.PluginContext{
		OrgID:         c.OrgID,
		PluginID:      id,
		PluginVersion: c.PluginVersion,
		// Newer Grafana sets the namespace of the user's org: "default" for
		// org 1, "org-<id>" otherwise; the SDK keys instances by it too.
		Namespace: OrgNamespace(c.OrgID),
		User:      c.User,
		AppInstanceSettings: &backend.AppInstanceSettings{
			JSONData:                jsonData,
			DecryptedSecureJSONData: secure,
			Updated:                 c.Updated,
		},
		GrafanaConfig: config.NewGrafanaCfg(RequestConfig(c.AppURL)),
	}
	if ua, err := useragent.New(gv, runtime.GOOS, runtime.GOARCH); err == nil {
		pc.UserAgent = ua
	}
	return pc
}

// OrgNamespace formats an org id as Grafana's OrgNamespaceFormatter does.
func OrgNamespace(orgID int64) string {
	switch {
	case orgID == 1:
		return "default"
	case orgID > 1:
		return fmt.Sprintf("org-%d", orgID)
	default:
		return ""
	}
}

// RequestConfig is the GrafanaConfig map of a default Grafana
// (pluginconfig/request.go PluginRequestConfig): the app URL when set and the
// SQL data source defaults, which Grafana always sends.
func RequestConfig(appURL string) map[string]string {
	m := map[string]string{
		backend.SQLMaxOpenConnsDefault:           strconv.Itoa(100),
		backend.SQLMaxIdleConnsDefault:           strconv.Itoa(100),
		backend.SQLMaxConnLifetimeSecondsDefault: strconv.Itoa(14400),
	}
	if appURL != "" {
		m[backend.AppURL] = appURL
	}
	return m
}

// Ini is one grafana.ini section [plugin.<id>] of the plugin being started
// (key → value), e.g. {"data_dir": dir} for Warroom's data_dir.
type Ini map[string]string

// DataDir is the section the test bed's Grafana has for Warroom: data_dir
// (GF_PLUGIN_DATA_DIR) pointing at dir.
func DataDir(dir string) Ini { return Ini{"data_dir": dir} }

// Env is exactly the process environment Grafana's
// EnvVarsProvider.PluginEnvVars gives an app plugin in a default set-up
// (grafana pkg/services/pluginsintegration/pluginconfig/envvars.go):
// GF_VERSION, GF_EDITION and the license variables; GF_PLUGIN_VERSION only
// with tracing and GF_APP_URL only with an external service account (both
// when given here); and pluginSettingsEnvVars: every key of the plugin's
// own section [plugin.<id>] as GF_PLUGIN_<KEY UPPERCASED> ("path" and "id"
// are skipped). Nothing else: Grafana never passes GF_PATHS_DATA or any
// other variable of its own environment (Launch forwards only the proxy
// variables pkg/plugins/envvars permits).
func Env(section Ini, pluginVersion, appURL string) []string {
	env := []string{
		"GF_VERSION=" + GrafanaVersion,
		"GF_EDITION=" + Edition,
		"GF_ENTERPRISE_LICENSE_PATH=",
		"GF_ENTERPRISE_APP_URL=",
	}
	if pluginVersion != "" {
		env = append(env, "GF_PLUGIN_VERSION="+pluginVersion)
	}
	if appURL != "" {
		env = append(env, "GF_APP_URL="+appURL)
	}
	keys := make([]string, 0, len(section))
	for k := range section {
		if k == "path" || strings.ToLower(k) == "id" {
			continue
		}
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		env = append(env, "GF_PLUGIN_"+strings.ToUpper(k)+"="+section[k])
	}
	return env
}
