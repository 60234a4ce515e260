package runbooks

import (
	"slices"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
)

func mustLoad(t *testing.T, override string) Library {
	t.Helper()
	lib, err := Load([]byte(override))
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// The library covers the seeds' common incidents, and every check it names
// is one the adapters can run.
func TestLibraryLoadsAndCoversTheSeeds(t *testing.T) {
	lib := mustLoad(t, "")
	var ids []string
	for _, rb := range lib.Runbooks {
		ids = append(ids, rb.ID)
		for _, c := range rb.Checks {
			if !slices.Contains(diagnostics.KnownCheckIDs(), c) {
				t.Errorf("%s runs unknown check %s", rb.ID, c)
			}
		}
	}
	want := []string{"ai-provider-timeouts", "db-pool-exhausted", "high-error-rate", "memory-leak-oom",
		"redis-down", "service-down", "ssl-certificate-expiry"}
	if !slices.Equal(ids, want) {
		t.Fatalf("runbooks %v, want %v", ids, want)
	}
	executable := map[string]bool{}
	for _, rb := range lib.Runbooks {
		for _, o := range rb.Options {
			executable[o.Remediation] = true
		}
	}
	for _, r := range []string{RemediationTerminateIdleBackends, RemediationECSForceNewDeployment, RemediationASGInstanceRefresh} {
		if !executable[r] {
			t.Errorf("no option is marked %s", r)
		}
	}
}

func target() diagnostics.Target {
	return diagnostics.Target{Service: "statuspages", HealthURL: "https://statuspage-api.statux.io/api/v1/health",
		AWS: &diagnostics.AWSTarget{Region: "us-east-1", AutoScalingGroup: "statux-prod-asg-api", ECRRepository: "statux-api",
			ECSCluster: "sample-service-prod", ECSService: "sample-service"}}
}

func TestRenderFillsPlaceholdersAndShowsMissingOnes(t *testing.T) {
	lib := mustLoad(t, "")
	rb, _ := lib.Get("service-down")
	r := Render(rb, target())
	var all []string
	for _, o := range r.Options {
		all = append(all, o.Commands...)
	}
	for _, want := range []string{
		"aws ecs update-service --cluster 'sample-service-prod' --service 'sample-service' --force-new-deployment",
		"aws autoscaling start-instance-refresh --auto-scaling-group-name 'statux-prod-asg-api' --preferences '{\"MinHealthyPercentage\":50,\"InstanceWarmup\":120}'",
		"aws ecr describe-images --repository-name 'statux-api' --query 'sort_by(imageDetails,&imagePushedAt)[-5:].imageTags' --output table",
	} {
		if !slices.Contains(all, want) {
			t.Errorf("rendered commands lack %q", want)
		}
	}
	if !slices.Contains(r.Diagnosis, "aws elbv2 describe-target-health --target-group-arn <aws.targetGroupArn>") ||
		!slices.Contains(r.Missing, "aws.targetGroupArn") || slices.Contains(r.Missing, "aws.ecsCluster") {
		t.Errorf("diagnosis %v missing %v", r.Diagnosis, r.Missing)
	}
	if strings.Contains(strings.Join(rb.Options[0].Commands, ""), "sample-service") {
		t.Error("Render changed the library's runbook")
	}
	// Without AWS in the catalog, every AWS placeholder stays visible.
	bare := Render(rb, diagnostics.Target{Service: "x"})
	if !strings.Contains(bare.Options[0].Commands[0], "--cluster <aws.ecsCluster> --service <aws.ecsService>") {
		t.Errorf("%v", bare.Options[0].Commands)
	}
}

func finding(check string, st diagnostics.Status, facts map[string]float64) diagnostics.Finding {
	return diagnostics.Finding{Check: check, Service: "api", Title: check, Status: st, Summary: "s", Facts: facts}
}

func TestSuggestFromFacts(t *testing.T) {
	lib := mustLoad(t, "")
	ids := func(ss []Suggestion) []string {
		var out []string
		for _, s := range ss {
			out = append(out, s.Runbook.ID)
		}
		return out
	}
	pool := Suggest(lib, []diagnostics.Finding{
		finding(diagnostics.CheckPGConnections, "critical", map[string]float64{"connections_ratio": 0.93}),
		finding(diagnostics.CheckPGIdleConnections, "warning", map[string]float64{"idle_connections": 40}),
	})
	if got := ids(pool); !slices.Equal(got, []string{"db-pool-exhausted"}) || len(pool[0].Reasons) != 2 ||
		!strings.Contains(pool[0].Reasons[0], "connections_ratio = 0.93") {
		t.Fatalf("suggestions %v %v", got, pool)
	}
	// Supporting evidence alone suggests nothing.
	if got := Suggest(lib, []diagnostics.Finding{finding(diagnostics.CheckPGIdleConnections, "warning", map[string]float64{"idle_connections": 40})}); len(got) != 0 {
		t.Fatalf("idle sessions alone suggested %v", ids(got))
	}
	cases := map[string]diagnostics.Finding{
		"memory-leak-oom":        finding(diagnostics.CheckAWSECSService, "critical", map[string]float64{"oom_stopped_tasks": 1, "ecs_running": 1}),
		"service-down":           finding(diagnostics.CheckHTTPHealth, "critical", map[string]float64{"http_up": 0, "http_status": 502}),
		"redis-down":             finding(diagnostics.CheckAWSElastiCache, "critical", map[string]float64{"cache_available": 0}),
		"ssl-certificate-expiry": finding(diagnostics.CheckHTTPHealth, "ok", map[string]float64{"http_up": 1, "tls_days_remaining": 12}),
		"ai-provider-timeouts":   finding(diagnostics.CheckAWSLogErrors, "ok", map[string]float64{"error_log_events": 2, "timeout_log_events": 9}),
		"high-error-rate":        finding("", "warning", map[string]float64{"error_rate_percent": 7.5}),
	}
	for want, f := range cases {
		if got := ids(Suggest(lib, []diagnostics.Finding{f})); !slices.Equal(got, []string{want}) {
			t.Errorf("%s: suggested %v", want, got)
		}
	}
	// A failed check is no evidence, whatever facts it carries.
	failed := finding(diagnostics.CheckPGConnections, "error", map[string]float64{"connections_ratio": 0.99})
	if got := Suggest(lib, []diagnostics.Finding{failed}); len(got) != 0 {
		t.Fatalf("failed check suggested %v", ids(got))
	}
}

func TestOverrideReplacesByIDAndIsValidated(t *testing.T) {
	lib := mustLoad(t, `[{"id":"redis-down","title":"Our Redis runbook","symptoms":["x"],"checks":["aws.elasticache.cluster"],
		"match":[{"check":"aws.elasticache.cluster","status":["critical"],"reason":"cache critical"}],
		"options":[{"title":"Page the cache team","commands":["page {{service}}"]}]}]`)
	rb, _ := lib.Get("redis-down")
	if rb.Title != "Our Redis runbook" || len(lib.Runbooks) != 7 {
		t.Fatalf("override not applied: %+v", rb)
	}
	bad := map[string]string{
		`[{"id":"x","title":"t","symptoms":["s"],"checks":["aws.nope"],"match":[{"fact":"f","op":">","reason":"r"}],"options":[{"title":"o"}]}]`:         `unknown check "aws.nope"`,
		`[{"id":"x","title":"t","symptoms":["s"],"match":[{"fact":"f","op":"~","reason":"r"}],"options":[{"title":"o"}]}]`:                               `op "~"`,
		`[{"id":"x","title":"t","symptoms":["s"],"match":[{"fact":"f","op":">","reason":"r"}],"options":[{"title":"o","remediation":"rm-rf"}]}]`:         `unknown remediation "rm-rf"`,
		`[{"id":"x","title":"t","symptoms":["s"],"match":[{"fact":"f","op":">","reason":"r"}],"options":[{"title":"o","commands":["{{aws.secret}}"]}]}]`: `unknown placeholder {{aws.secret}}`,
		`[{"id":"x","title":"t","symptoms":["s"],"match":[{"fact":"f","op":">","reason":"r","supporting":true}],"options":[{"title":"o"}]}]`:             `can never be suggested`,
		`[{"id":"x","mach":[]}]`: `unknown field "mach"`,
	}
	for override, want := range bad {
		if _, err := Load([]byte(override)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("override %s: error %v, want %q", override, err, want)
		}
	}
}
