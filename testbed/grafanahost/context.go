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
	// ExternalService is the plugin's managed service account; its token
	// reaches GrafanaConfig only when ExternalService.Active() (see there).
	ExternalService ExternalService
}

// ExternalService is what Grafana needs before it hands a plugin the token
// of its managed service account (GF_PLUGIN_APP_CLIENT_SECRET):
//
//   - the plugin.json `iam` block with at least one permission: the
//     pipeline step registers only plugins with IAM
//     (pkg/services/pluginsintegration/pipeline/steps.go
//     ExternalServiceRegistration.Register: `if p.IAM == nil`), and no
//     permission means no service account and no token
//     (pkg/services/serviceaccounts/extsvcaccounts/service.go
//     ManageExtSvcAccount: "Skipping service account creation, no
//     permission");
//   - the feature toggle externalServiceAccounts AND [auth]
//     managed_service_accounts_enabled
//     (pkg/services/pluginsintegration/serviceregistration/serviceregistration.go
//     ProvideService: IsEnabledGlobally(FlagExternalServiceAccounts) &&
//     cfg.ManagedServiceAccountsEnabled). The toggle is off by default
//     (pkg/services/featuremgmt/registry.go, expression "false"), so the test
//     bed's Toggle defaults to false too.
//
// Then plugin.ExternalService is set and pluginconfig/request.go
// PluginRequestConfig adds m[backend.AppClientSecret] = ClientSecret to every
// request's GrafanaConfig (plugincontext/base_plugincontext.go passes
// plugin.ExternalService).
type ExternalService struct {
	// IAMPermissions is the number of permissions in plugin.json's iam block
	// (0 when there is no block).
	IAMPermissions int
	// Toggle stands for externalServiceAccounts plus
	// managed_service_accounts_enabled.
	Toggle bool
	// ClientSecret is the token the test bed issued for the plugin's service
	// account.
	ClientSecret string
}

// Active reports whether Grafana would give the plugin its token.
func (e ExternalService) Active() bool {
	return e.Toggle && e.IAMPermissions > 0 && e.ClientSecret != ""
}

// IAMPermission is one entry of plugin.json's iam.permissions.
type IAMPermission struct {
	Action string `json:"action"`
	Scope  string `json:"scope"`
}

// ParseIAM reads the iam.permissions of a plugin.json (nil when there is no
// iam block), as Grafana's plugin loader reads plugins.JSONData.IAM
// (pkg/plugins/auth/models.go IAM{Permissions}).
func ParseIAM(pluginJSON []byte) ([]IAMPermission, error) {
	var p struct {
		IAM *struct {
			Permissions []IAMPermission `json:"permissions"`
		} `json:"iam"`
	}
	if err := json.Unmarshal(pluginJSON, &p); err != nil {
		return nil, err
	}
	if p.IAM == nil {
		return nil, nil
	}
	return p.IAM.Permissions, nil
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
		GrafanaConfig: config.NewGrafanaCfg(c.requestConfig()),
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

// requestConfig is RequestConfig plus the service account token when Grafana
// would send it (ExternalService.Active).
func (c Context) requestConfig() map[string]string {
	m := RequestConfig(c.AppURL)
	if c.ExternalService.Active() {
		m[backend.AppClientSecret] = c.ExternalService.ClientSecret
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
