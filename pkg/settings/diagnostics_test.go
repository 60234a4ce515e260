package settings

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
)

func TestDiagnosticsValidation(t *testing.T) {
	cases := []struct {
		name string
		raw  string
		want map[string]string // path → part of the message
	}{
		{"none", `{}`, nil},
		{"full", `{"diagnostics":{"aws":{"authType":"credentials","profile":"prod-ro","assumeRoleArn":"arn:aws:iam::123456789012:role/warroom",
			"externalId":"x1","defaultRegion":"eu-west-1","endpoint":"https://vpce.internal"},
			"postgres":{"longQuery":"45s","idleAge":"15m"},"remediation":{"terminate-idle-backends":true}}}`, nil},
		{"bad values", `{"diagnostics":{"aws":{"authType":"root","assumeRoleArn":"warroom","defaultRegion":"Ireland","endpoint":"file:///etc/passwd"},
			"postgres":{"longQuery":"1ms","idleAge":"soon"},"remediation":{"drop-database":true}}}`,
			map[string]string{
				"diagnostics.aws.authType": "default, keys", "diagnostics.aws.assumeRoleArn": "IAM role ARN",
				"diagnostics.aws.defaultRegion": "AWS region", "diagnostics.aws.endpoint": "http(s) URL",
				"diagnostics.postgres.longQuery": "1s to 24h", "diagnostics.postgres.idleAge": "1s to 24h",
				"diagnostics.remediation.drop-database": "not a remediation",
			}},
		{"endpoint at the metadata service", `{"diagnostics":{"aws":{"endpoint":"http://169.254.169.254/latest"}}}`,
			map[string]string{"diagnostics.aws.endpoint": "address policy of diagnostics: cloud metadata address"}},
		{"external id without a role", `{"diagnostics":{"aws":{"externalId":"x"}}}`, map[string]string{"diagnostics.aws.externalId": "assume role"}},
		{"profile with a path", `{"diagnostics":{"aws":{"authType":"credentials","profile":"../../root"}}}`, map[string]string{"diagnostics.aws.profile": "profile"}},
		{"runbook override typo", `{"diagnostics":{"runbooks":[{"id":"x","title":"X","mach":[]}]}}`, map[string]string{"diagnostics.runbooks": "unknown field"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := ParseJSONData([]byte(c.raw))
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for _, e := range ValidateFeatures(f) {
				got[e.Path] += e.Message
			}
			if len(got) != len(c.want) {
				t.Errorf("got %v, want paths %v", got, c.want)
			}
			for path, frag := range c.want {
				if !strings.Contains(got[path], frag) {
					t.Errorf("%s: %q lacks %q", path, got[path], frag)
				}
			}
		})
	}
}

// Secrets fill the AWS keys and the DSNs of PostgreSQL targets; a target
// without its DSN and keys auth without keys are reported, not fatal.
func TestDiagnosticsResolve(t *testing.T) {
	jd, _ := json.Marshal(map[string]any{
		"dataDir":     t.TempDir(),
		"services":    []map[string]any{{"name": "a", "selector": `job="a"`, "postgres": "orders"}, {"name": "b", "selector": `job="b"`, "postgres": "missing"}},
		"diagnostics": map[string]any{"aws": map[string]any{"authType": "keys"}, "postgres": map[string]any{"idleAge": "15m"}, "remediation": map[string]bool{"asg-instance-refresh": true, "ecs-force-new-deployment": false}},
	})
	s, err := Parse(backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: map[string]string{
		"postgres.orders": "postgres://u:p@db/orders", "awsAccessKey": "AKIA1"}}, testProc)
	if err != nil {
		t.Fatal(err)
	}
	d := s.Diagnostics
	if d.PostgresDSNs["orders"] != "postgres://u:p@db/orders" || d.AWS.AccessKey != "AKIA1" || d.IdleAge != 15*time.Minute || d.LongQuery != 0 {
		t.Fatalf("resolved %+v", d)
	}
	if !d.Enabled[remediate.ASGInstanceRefresh] || d.Enabled[remediate.ECSForceNewDeployment] || d.Enabled[remediate.TerminateIdleBackends] {
		t.Fatalf("enabled %v: only what is switched on", d.Enabled)
	}
	if len(d.Runbooks.Runbooks) != 7 {
		t.Fatalf("%d runbooks, want the 7 embedded", len(d.Runbooks.Runbooks))
	}
	problems := map[string]string{}
	for _, p := range s.Problems {
		problems[p.Path] = p.Message
	}
	if !strings.Contains(problems["services[1].postgres"], "postgres.missing") || !strings.Contains(problems["diagnostics.aws.authType"], "secret key") || len(problems) != 2 {
		t.Fatalf("problems %v", problems)
	}
	for _, p := range s.Problems {
		if strings.Contains(p.Message, "u:p@") || strings.Contains(p.Message, "AKIA1") {
			t.Fatalf("a secret in a problem: %s", p.Message)
		}
	}
}

// A catalog value that could not be pasted into a shell safely is named as
// a problem (and left out of commands by the runbooks).
func TestCommandValueProblems(t *testing.T) {
	jd, _ := json.Marshal(map[string]any{
		"dataDir": t.TempDir(),
		"services": []map[string]any{{"name": "a", "selector": `job="a"`,
			"aws": map[string]any{"ecsCluster": "prod; rm -rf /", "ecsService": "api", "logGroup": "/ecs/a"}}},
	})
	s, err := Parse(backend.AppInstanceSettings{JSONData: jd}, testProc)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range s.Problems {
		got = append(got, p.Path+": "+p.Message)
	}
	if len(got) != 1 || !strings.HasPrefix(got[0], "services[0].aws.ecsCluster: is not an ECS cluster name") {
		t.Fatalf("problems %v", got)
	}
}
