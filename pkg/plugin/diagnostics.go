package plugin

import (
	"context"
	"net/url"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/diagnostics"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/aws"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/httpcheck"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/remediate"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/runner"
	"github.com/warroom/warroom-incident-app/pkg/settings"
)

// diagnosticsFrom builds the diagnostics side of the API from the settings.
// bg is the instance's background context: runs outlive their request and
// stop when Grafana disposes of the instance. AWS checks are left out when
// the AWS settings cannot work (the reason is logged and the settings
// validation has already named the field).
func diagnosticsFrom(bg context.Context, cfg settings.Settings) runner.Config {
	d := cfg.Diagnostics
	out := runner.Config{
		PostgresDSNs: d.PostgresDSNs,
		Runbooks:     d.Runbooks,
		Enabled:      d.Enabled,
		Background:   bg,
		// One bound for the process: every org's instance shares it.
		Limiter: diagnostics.Process(),
		Deps: diagnostics.Deps{
			Postgres: postgres.Deps(postgres.Options{LongQuery: d.LongQuery, IdleAge: d.IdleAge}),
		},
	}
	// A redirect may go to another catalogued service, never elsewhere.
	hc := httpcheck.DefaultOptions()
	hc.Now = healthClock
	for _, s := range cfg.Catalog.Services {
		if u, err := url.Parse(s.HealthURL); err == nil && u.Host != "" {
			hc.CatalogHosts = append(hc.CatalogHosts, u.Host)
		}
	}
	out.Deps.HTTP = httpcheck.Deps(hc)
	provider, err := awsProvider(cfg)
	if err != nil {
		log.DefaultLogger.Warn("AWS diagnostics disabled: the AWS settings cannot work", "error", err)
	} else {
		out.Deps.AWS = provider.Checks
	}
	exec := remediate.Executor{AWS: provider, IdleAge: d.IdleAge}
	out.Remediate = exec.Execute
	return out
}

// healthClock measures health-check latency (nil: time.Now). A test that
// holds its health endpoint's answer on purpose sets a still clock, so the
// hold is never judged a slow answer however busy the machine is.
var healthClock func() time.Time

// awsProvider is the AWS side of diagnostics and of the AWS status line.
func awsProvider(cfg settings.Settings) (*aws.Provider, error) {
	// An endpoint override is an emulator or a proxy; CloudWatch's JSON
	// protocol is what those route (AWS itself serves both).
	return aws.New(cfg.Diagnostics.AWS, aws.Options{CloudWatchJSON: cfg.Diagnostics.AWS.Endpoint != ""})
}
