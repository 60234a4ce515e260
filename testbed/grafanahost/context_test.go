package grafanahost

import (
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// TestClientSecretOnlyWithIAMAndToggle: GF_PLUGIN_APP_CLIENT_SECRET is in the
// request's GrafanaConfig only when plugin.json declares iam permissions AND
// externalServiceAccounts (with managed_service_accounts_enabled) is on, as
// Grafana's serviceregistration, extsvcaccounts and pluginconfig/request.go do.
func TestClientSecretOnlyWithIAMAndToggle(t *testing.T) {
	for _, tc := range []struct {
		name string
		es   ExternalService
		want bool
	}{
		{"iam and toggle", ExternalService{IAMPermissions: 3, Toggle: true, ClientSecret: "glsa_x"}, true},
		{"toggle off (Grafana's default)", ExternalService{IAMPermissions: 3, ClientSecret: "glsa_x"}, false},
		{"no iam block", ExternalService{Toggle: true, ClientSecret: "glsa_x"}, false},
		{"iam without permissions", ExternalService{IAMPermissions: 0, Toggle: true, ClientSecret: "glsa_x"}, false},
		{"no token issued", ExternalService{IAMPermissions: 1, Toggle: true}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pc := Context{OrgID: 1, AppURL: "http://127.0.0.1:3000/", ExternalService: tc.es}.PluginContext()
			got := pc.GrafanaConfig.Get(backend.AppClientSecret)
			if (got != "") != tc.want {
				t.Fatalf("%s = %q, want present=%v", backend.AppClientSecret, got, tc.want)
			}
			if tc.want && got != tc.es.ClientSecret {
				t.Fatalf("secret %q, want %q", got, tc.es.ClientSecret)
			}
			if u, _ := pc.GrafanaConfig.AppURL(); u != "http://127.0.0.1:3000/" {
				t.Fatalf("app URL %q", u)
			}
		})
	}
}

func TestParseIAM(t *testing.T) {
	perms, err := ParseIAM([]byte(`{"id":"x","iam":{"permissions":[{"action":"teams:read","scope":"teams:*"}]}}`))
	if err != nil || len(perms) != 1 || perms[0] != (IAMPermission{Action: "teams:read", Scope: "teams:*"}) {
		t.Fatalf("got %v, %v", perms, err)
	}
	perms, err = ParseIAM([]byte(`{"id":"x"}`))
	if err != nil || perms != nil {
		t.Fatalf("no iam: got %v, %v", perms, err)
	}
}
