package plugin

import (
	"context"
	"errors"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/diagnostics/postgres"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// configChecks are the status lines of the configuration page's sections,
// from the settings this instance runs with.
func configChecks(cfg settings.Settings, st store.Store, h *api.API) map[api.SectionKey]api.SectionCheck {
	kind := cfg.StoreKind()
	ping := func(ctx context.Context) error {
		err := st.Ping(ctx)
		if err == nil {
			return nil
		}
		log.DefaultLogger.FromContext(ctx).Error("status check: store ping failed", "store", kind, "error", err)
		if cfg.PostgresDSN != "" {
			return postgres.Safe(err)
		}
		return errors.New("see the plugin log")
	}
	promProblem := ""
	if cfg.Prometheus.Configured() && h.Prometheus() == nil {
		promProblem = h.Metrics.Unconfigured
	}
	awsProblem, reach := "", func(context.Context, string) error { return nil }
	if p, err := awsProvider(cfg); err != nil {
		// aws.New's errors name the setting, never a secret.
		awsProblem = "the AWS settings cannot work: " + err.Error()
	} else {
		reach = p.Reach
	}
	region := cfg.Catalog.AWSRegion(cfg.Diagnostics.AWS.DefaultRegion)
	if region == "" {
		awsProblem = "" // nothing would use AWS: not configured, not an error
	}
	return map[api.SectionKey]api.SectionCheck{
		api.SectionStorage:       api.StoreCheck(kind, ping),
		api.SectionPrometheus:    api.PrometheusCheck(h.Prometheus(), promProblem),
		api.SectionAWS:           api.AWSCheck(region, awsProblem, reach),
		api.SectionPostgres:      api.PostgresCheck(cfg.Catalog.PostgresTargets(), cfg.Diagnostics.PostgresDSNs, postgres.Ping),
		api.SectionNotifications: api.NotificationsCheck(len(h.Channels), cfg.Problems),
		api.SectionAlerts:        api.AlertsCheck(h.AlertWebhookSecret != ""),
	}
}
