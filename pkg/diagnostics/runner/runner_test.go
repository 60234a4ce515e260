package runner

import (
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func TestConfirmationFor(t *testing.T) {
	full := diagnostics.Target{Service: "checkout",
		AWS:      &diagnostics.AWSTarget{ECSCluster: "prod", ECSService: "checkout-api", AutoScalingGroup: "checkout-asg"},
		Postgres: &diagnostics.PostgresTarget{Name: "orders", DSN: "postgres://db/orders"}}
	cases := []struct {
		name   string
		action remediate.Action
		target diagnostics.Target
		want   string
	}{
		{"idle backends: the target name", remediate.TerminateIdleBackends, full, "orders"},
		{"ECS: the service", remediate.ECSForceNewDeployment, full, "checkout-api"},
		{"ASG: the group", remediate.ASGInstanceRefresh, full, "checkout-asg"},
		{"no DSN: nothing to terminate", remediate.TerminateIdleBackends, diagnostics.Target{Postgres: &diagnostics.PostgresTarget{Name: "orders"}}, ""},
		{"ECS service without its cluster", remediate.ECSForceNewDeployment, diagnostics.Target{AWS: &diagnostics.AWSTarget{ECSService: "x"}}, ""},
		{"no AWS", remediate.ASGInstanceRefresh, diagnostics.Target{}, ""},
		{"unknown action", remediate.Action("reboot"), full, ""},
	}
	for _, c := range cases {
		if got := ConfirmationFor(c.action, c.target); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// A run is "running" while its claim's lease is good, whatever its age
// (a run waiting for a slot is not abandoned), and "interrupted" once the
// lease ran out or another run took the claim over.
func TestRunState(t *testing.T) {
	start := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	d := Config{Options: diagnostics.RunOptions{Concurrency: 4, CheckTimeout: 15 * time.Second}}
	if got := d.RunBudget(17); got != 5*15*time.Second+30*time.Second {
		t.Fatalf("budget of 17 checks: %s", got)
	}
	done := start.Add(time.Minute)
	lease := start.Add(time.Minute)
	cases := []struct {
		name  string
		after time.Duration
		run   store.DiagnosticRun
		want  string
	}{
		{"fresh", time.Second, store.DiagnosticRun{Total: 17, StartedAt: start, LeaseUntil: &lease}, Running},
		{"hours old but renewed", time.Second, store.DiagnosticRun{Total: 17, StartedAt: start.Add(-2 * time.Hour), LeaseUntil: &lease}, Running},
		{"lease ran out", time.Minute, store.DiagnosticRun{Total: 17, StartedAt: start, LeaseUntil: &lease}, Interrupted},
		{"claim taken over", time.Second, store.DiagnosticRun{Total: 17, StartedAt: start}, Interrupted},
		{"finished", time.Hour, store.DiagnosticRun{Total: 17, StartedAt: start, FinishedAt: &done}, Finished},
	}
	for _, c := range cases {
		r := &Runner{Now: func() time.Time { return start.Add(c.after) }, Config: d}
		if got := r.state(c.run); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
