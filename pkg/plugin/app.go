// Package plugin connects Warroom to the Grafana plugin SDK: one App per
// org instance, a resource router, and health checks.
package plugin

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// ID is the plugin id of plugin.json.
const ID = "warroom-incident-app"

var (
	_ backend.CallResourceHandler   = (*App)(nil)
	_ backend.CheckHealthHandler    = (*App)(nil)
	_ instancemgmt.InstanceDisposer = (*App)(nil)
)

// App is one plugin instance. Grafana makes one per org and remakes it when
// the app's settings change; instances that use the same database share one
// store through store.Acquire.
type App struct {
	backend.CallResourceHandler
	settings settings.Settings
	store    store.Store
	release  func()
	// stop ends the instance's background work (metric re-evaluation).
	stop context.CancelFunc
	// leaveScheduling unregisters the org from the store's scheduler and
	// outbox (scheduling.go), stopping them with the last instance.
	leaveScheduling func()
	api             *api.API
}

// NewApp parses the settings once and opens (or shares) the store.
func NewApp(ctx context.Context, s backend.AppInstanceSettings) (instancemgmt.Instance, error) {
	cfg, err := settings.Parse(s, os.Getenv)
	if err != nil {
		return nil, fmt.Errorf("warroom settings: %w", err)
	}
	logger := log.DefaultLogger.FromContext(ctx)
	st, release, err := store.Acquire(ctx, store.Config{PostgresDSN: cfg.PostgresDSN, SQLitePath: cfg.SQLitePath})
	if err != nil {
		// Grafana shows this error to users; the driver's text (hosts, paths,
		// user names) goes to the plugin log only.
		logger.Error("store unavailable", "store", cfg.StoreKind(), "sqlitePath", cfg.SQLitePath, "error", err)
		return nil, fmt.Errorf("the Warroom %s store could not be opened; see the plugin log", cfg.StoreKind())
	}
	logger.Info("store ready", "store", cfg.StoreKind(), "sqlitePath", cfg.SQLitePath)
	org, routes := notificationsFrom(ctx, s, &cfg)
	for _, p := range cfg.Problems {
		logger.Warn("setting ignored", "field", p.Path, "problem", p.Message)
	}
	leave, err := joinScheduling(ctx, cfg, backend.PluginConfigFromContext(ctx).OrgID, org, routes)
	if err != nil {
		release()
		logger.Error("scheduler unavailable", "store", cfg.StoreKind(), "error", err)
		return nil, fmt.Errorf("the Warroom %s store could not be opened; see the plugin log", cfg.StoreKind())
	}
	handler := &api.API{Store: st, Now: time.Now, Channels: routes, Templates: cfg.Templates, Signals: signalsFrom(ctx, cfg),
		AlertWebhookSecret: cfg.Secrets[settings.SecureAlertWebhookSecret], Problems: cfg.Problems}
	bg, stop := context.WithCancel(context.Background())
	handler.Diagnostics = diagnosticsFrom(bg, cfg)
	a := &App{settings: cfg, store: st, release: release, stop: stop, api: handler, leaveScheduling: leave}
	a.CallResourceHandler = httpadapter.New(handler.Handler())
	// Instances are per org; the org comes with the request that created it.
	if orgID := backend.PluginConfigFromContext(ctx).OrgID; orgID > 0 && cfg.ReevaluateEvery > 0 {
		go reevaluateLoop(bg, handler, orgID, cfg.ReevaluateEvery)
	}
	return a, nil
}

// Dispose stops background work and releases the store when Grafana
// replaces this instance.
func (a *App) Dispose() {
	a.stop()
	a.leaveScheduling()
	a.release()
}

// CheckHealth reports whether the store answers.
func (a *App) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := a.store.Ping(ctx); err != nil {
		log.DefaultLogger.FromContext(ctx).Error("health check failed", "store", a.settings.StoreKind(), "error", err)
		return &backend.CheckHealthResult{Status: backend.HealthStatusError,
			Message: "Warroom store (" + a.settings.StoreKind() + ") is not reachable; see the plugin log"}, nil
	}
	if n := len(a.settings.Problems); n > 0 {
		p := a.settings.Problems[0]
		return &backend.CheckHealthResult{Status: backend.HealthStatusError,
			Message: fmt.Sprintf("Warroom store (%s) is ready, but %d setting(s) are ignored; first: %s %s", a.settings.StoreKind(), n, p.Path, p.Message)}, nil
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: "Warroom store (" + a.settings.StoreKind() + ") is ready"}, nil
}
