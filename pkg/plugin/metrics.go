package plugin

import (
	"context"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/config"

	"github.com/warroom/warroom-incident-app/pkg/prometheus"
	"github.com/warroom/warroom-incident-app/pkg/reevaluate"
	"github.com/warroom/warroom-incident-app/pkg/servicemetrics"
	"github.com/warroom/warroom-incident-app/pkg/settings"
)

// metricSourcesFrom builds the metrics side of the API from the settings. A
// missing or wrong Prometheus setting leaves Querier nil with a reason the
// declare form shows; it never stops the app.
func metricSourcesFrom(ctx context.Context, cfg settings.Settings) servicemetrics.Sources {
	out := servicemetrics.Sources{Catalog: cfg.Catalog, Budget: 3*cfg.Prometheus.TimeoutOrDefault() + 2*time.Second}
	p := cfg.Prometheus
	if !p.Configured() {
		out.Unconfigured = "Prometheus is not configured"
		return out
	}
	pc := prometheus.Config{Timeout: p.TimeoutOrDefault()}
	if p.URL != "" {
		pc.URL = p.URL
		pc.BasicUser, pc.BasicPassword = p.BasicAuthUser, cfg.Secrets[settings.SecurePrometheusPassword]
		pc.BearerToken = cfg.Secrets[settings.SecurePrometheusToken]
	} else {
		pc.GrafanaURL = grafanaURL(ctx)
		pc.DatasourceUID = p.DatasourceUID
		pc.ServiceAccountToken = cfg.Secrets[settings.SecureGrafanaToken]
	}
	client, err := prometheus.New(pc, nil)
	if err != nil {
		// prometheus.New never echoes secrets in its errors.
		out.Unconfigured = "Prometheus settings are incomplete: " + err.Error()
		return out
	}
	out.Querier = client
	return out
}

// grafanaURL is Grafana's root URL as Grafana tells its plugins, for the
// data source proxy and the links in notifications: the GrafanaConfig of the
// request (GF_APP_URL, pluginconfig/request.go), which every request carries
// (the SDK's handler middleware puts it in ctx; for a Grafana too old to send
// it the SDK itself falls back to GF_APP_URL). This code reads no environment:
// the catalog's code rules forbid it.
func grafanaURL(ctx context.Context) string {
	if cfg := config.GrafanaConfigFromContext(ctx); cfg != nil {
		if u, err := cfg.AppURL(); err == nil && u != "" {
			return u
		}
	}
	return ""
}

// reevaluateLoop re-checks open incidents' metrics every period until ctx
// ends (Dispose). Errors are logged; the next tick tries again.
func reevaluateLoop(ctx context.Context, re *reevaluate.Reevaluator, orgID int64, every time.Duration) {
	logger := log.DefaultLogger.With("orgId", orgID)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			n, err := re.Run(ctx, orgID)
			if err != nil && ctx.Err() == nil {
				logger.Error("metric re-evaluation failed", "error", err)
			} else if n > 0 {
				logger.Info("metric re-evaluation recorded suggestions", "incidents", n)
			}
		}
	}
}
