// Package runner runs an incident's diagnostics in the background and
// remediations on request: it claims the incident in the store so one run
// goes at a time across back ends, waits its turn in the process's
// limiter, stores findings as they arrive, records the summary on the
// timeline, and renders runs and runbook suggestions as each role may
// read them. Every check, query, URL and host comes from the catalog and
// the settings; a request only names an incident (and for a remediation an
// action and a service), so no SQL, shell text, URL or host is ever taken
// from input.
package runner

import (
	"context"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/runbooks"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Config is what diagnostics run with, from the settings.
type Config struct {
	// Deps builds the checks of a target; a nil builder leaves its kind out.
	Deps    diagnostics.Deps
	Options diagnostics.RunOptions
	// PostgresDSNs maps catalog PostgreSQL target names to their DSN.
	PostgresDSNs map[string]string
	Runbooks     runbooks.Library
	// Enabled lists the remediations an admin turned on; Remediate runs them.
	Enabled   map[remediate.Action]bool
	Remediate func(ctx context.Context, a remediate.Action, t diagnostics.Target) (remediate.Result, error)
	// Background outlives requests (the run answers at once and goes on);
	// it ends when the plugin instance is disposed.
	Background context.Context
	// Limiter bounds the runs executing at once; nil is the process's,
	// shared by every org's instance.
	Limiter *diagnostics.Limiter
	// Lease is how long a run's claim on its incident lasts without a
	// renewal (DefaultLease when zero): the time a crashed back end's run
	// blocks new runs of the incident.
	Lease time.Duration
}

// DefaultLease of a run's claim on its incident, renewed every third of it.
const DefaultLease = time.Minute

func (c *Config) lease() time.Duration {
	if c.Lease > 0 {
		return c.Lease
	}
	return DefaultLease
}

// LimiterOrProcess is the limiter runs wait in.
func (c *Config) LimiterOrProcess() *diagnostics.Limiter {
	if c.Limiter != nil {
		return c.Limiter
	}
	return diagnostics.Process()
}

// RunBudget bounds a whole run: the checks in waves of Concurrency, each at
// most CheckTimeout, plus a margin for the store writes.
func (c *Config) RunBudget(checks int) time.Duration {
	o := c.options()
	waves := (checks + o.Concurrency - 1) / o.Concurrency
	return time.Duration(max(waves, 1))*o.CheckTimeout + 30*time.Second
}

func (c *Config) options() diagnostics.RunOptions {
	o := c.Options
	if o.Concurrency <= 0 {
		o.Concurrency = diagnostics.DefaultConcurrency
	}
	if o.CheckTimeout <= 0 {
		o.CheckTimeout = diagnostics.DefaultCheckTimeout
	}
	return o
}

// EnabledRemediations are the actions an admin enabled, in a stable order.
func (c *Config) EnabledRemediations() []remediate.Action {
	out := []remediate.Action{}
	for _, act := range remediate.Actions() {
		if c.Enabled[act] {
			out = append(out, act)
		}
	}
	return out
}

// Runner runs the diagnostics of one org instance's incidents.
type Runner struct {
	Store   store.Store
	Catalog catalog.Catalog
	Now     func() time.Time
	Config
}

// Targets maps the incident's catalogued services to diagnostics targets,
// in the incident's order; services missing from the catalog are skipped.
func (r *Runner) Targets(services []string) []diagnostics.Target {
	var out []diagnostics.Target
	for _, name := range services {
		s, ok := r.Catalog.Service(name)
		if !ok {
			continue
		}
		out = append(out, r.Target(s))
	}
	return out
}

// Target is the diagnostics target of a catalogued service.
func (r *Runner) Target(s catalog.Service) diagnostics.Target {
	t := diagnostics.Target{Service: s.Name, HealthURL: s.HealthURL}
	if res := s.AWS; res != nil {
		aws := *res // a copy: the run must not share the settings' catalog
		t.AWS = &aws
	}
	if s.Postgres != "" {
		t.Postgres = &diagnostics.PostgresTarget{Name: s.Postgres, DSN: r.PostgresDSNs[s.Postgres]}
	}
	return t
}

// Checks are every check of the services' catalogued targets.
func (r *Runner) Checks(services []string) []diagnostics.Check {
	var checks []diagnostics.Check
	for _, t := range r.Targets(services) {
		checks = append(checks, diagnostics.ChecksFor(t, r.Deps)...)
	}
	return checks
}
