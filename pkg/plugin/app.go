// Package plugin connects Warroom to the Grafana plugin SDK: one App per
// org instance, a resource router, and health checks.
package plugin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/backend/resource/httpadapter"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/live"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/reevaluate"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
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
// store through store.Acquire. At process start, boot.go makes a "boot
// instance" per org from its stored settings snapshot with the same
// constructor, replaced when Grafana creates the org's own instance.
type App struct {
	backend.CallResourceHandler
	settings settings.Settings
	proc     settings.Process
	store    store.Store
	release  func()
	// stop ends the instance's background work (metric re-evaluation).
	stop context.CancelFunc
	// leaveScheduling unregisters the org from the store's scheduler and
	// outbox (scheduling.go), stopping them with the last instance.
	leaveScheduling func()
	// leaveOrg tells boot.go this real instance is gone (no-op for boot
	// instances).
	leaveOrg func()
	// live tells the incident streams what changed (live.go); leaveLive
	// stops it with the store's last instance.
	live      *live.Watcher
	leaveLive func()
	api       *api.API
	// reevaluator re-checks the org's open incidents against the metrics.
	reevaluator *reevaluate.Reevaluator
}

// NewApp is the SDK's instance factory: Grafana's settings for one org. It
// also stores the org's settings snapshot so the next process start can
// wake the org without a request, and retires the org's boot instance.
func NewApp(ctx context.Context, s backend.AppInstanceSettings) (instancemgmt.Instance, error) {
	proc := settings.FromOS()
	a, err := newApp(ctx, s, proc, realInstance)
	if err != nil {
		return nil, err
	}
	if orgID := backend.PluginConfigFromContext(ctx).OrgID; orgID > 0 {
		saveSnapshot(ctx, a, orgID, s, grafanaURL(ctx))
		a.leaveOrg = orgs.realStarted(orgID)
	}
	return a, nil
}

// errDataDir is what Grafana shows when the SQLite directory cannot be made.
func errDataDir() error {
	return fmt.Errorf("the Warroom data directory cannot be created or written by the Grafana user; set data_dir under %s in grafana.ini to a directory it can write (see the plugin log)", settings.IniSection)
}

// instanceKind says how an instance takes part in delivering notifications.
type instanceKind int

const (
	// realInstance: Grafana's instance for the org; its channels (with their
	// URLs and secrets) serve the org's outbox and its routes are stored.
	realInstance instanceKind = iota
	// bootDelivers: a boot instance with the snapshot's secrets; its
	// channels fill in until a real instance registers.
	bootDelivers
	// bootTimersOnly: a boot instance without secrets; it registers no
	// channels, so the org's notifications wait for a real instance.
	bootTimersOnly
)

// newApp is the one constructor of real and boot instances.
func newApp(ctx context.Context, s backend.AppInstanceSettings, proc settings.Process, kind instanceKind) (*App, error) {
	logger := log.DefaultLogger.FromContext(ctx)
	// Grafana shows these errors to users (health check, and every resource
	// call as a 503, unavailable.go); the driver's text (hosts, paths, user
	// names) goes to the plugin log only.
	cfg, err := settings.Parse(s, proc)
	if err != nil {
		logger.Error("settings not valid", "error", err)
		return nil, settingsInvalid(cfg, err)
	}
	st, release, err := stores.Acquire(ctx, store.Config{PostgresDSN: cfg.PostgresDSN, SQLitePath: cfg.SQLitePath})
	if errors.Is(err, store.ErrDataDir) {
		logger.Error("data directory unavailable", "sqlitePath", cfg.SQLitePath, "error", err)
		return nil, dataDirUnavailable()
	}
	if err != nil {
		logger.Error("store unavailable", "store", cfg.StoreKind(), "sqlitePath", cfg.SQLitePath, "error", err)
		return nil, storeUnavailable(cfg)
	}
	logger.Info("store ready", "store", cfg.StoreKind(), "sqlitePath", cfg.SQLitePath, "processStore", cfg.ProcessStore)
	org, routes := notificationsFrom(ctx, s, &cfg)
	for _, p := range cfg.Problems {
		logger.Warn("setting ignored", "field", p.Path, "problem", p.Message)
	}
	orgID := backend.PluginConfigFromContext(ctx).OrgID
	joinAs := orgID
	if kind == bootTimersOnly {
		joinAs = 0 // neither the outbox directory nor the stored routes change
	}
	leave, err := joinScheduling(ctx, cfg, joinAs, org, routes, kind != realInstance)
	if err != nil {
		release()
		logger.Error("scheduler unavailable", "store", cfg.StoreKind(), "error", err)
		return nil, storeUnavailable(cfg)
	}
	watcher, leaveLive, err := joinLive(ctx, cfg)
	if err != nil {
		leave()
		release()
		logger.Error("live updates unavailable", "store", cfg.StoreKind(), "error", err)
		return nil, storeUnavailable(cfg)
	}
	handler := &api.API{Store: st, Now: time.Now, Channels: routes, Templates: cfg.Templates, Metrics: metricSourcesFrom(ctx, cfg),
		AlertWebhookSecret: cfg.Secrets[settings.SecureAlertWebhookSecret], Problems: cfg.Problems}
	handler.Scheduler = func() api.SchedulerStatus { return schedulerStatusOf(cfg).API() }
	handler.ContactKey = contactKey(cfg, proc)
	handler.Pages = testPager{p: newPager(st, handler.ContactKey), org: func() outbox.Org { return org }}
	handler.ConfigChecks = configChecks(cfg, st, handler)
	bg, stop := context.WithCancel(context.Background())
	handler.Diagnostics = diagnosticsFrom(bg, cfg)
	a := &App{settings: cfg, proc: proc, store: st, release: release, stop: stop, api: handler, leaveScheduling: leave, leaveOrg: func() {},
		live: watcher, leaveLive: leaveLive,
		reevaluator: &reevaluate.Reevaluator{Store: st, Metrics: handler.Metrics, Now: handler.Now}}
	a.CallResourceHandler = httpadapter.New(handler.Handler())
	// Instances are per org; the org comes with the request that created it
	// (or, for a boot instance, with its snapshot).
	if orgID > 0 && cfg.ReevaluateEvery > 0 {
		go reevaluateLoop(bg, a.reevaluator, orgID, cfg.ReevaluateEvery)
	}
	return a, nil
}

// Dispose stops background work and releases the store when Grafana
// replaces this instance.
func (a *App) Dispose() {
	a.stop()
	a.leaveScheduling()
	a.leaveOrg()
	a.leaveLive()
	a.release()
}

// CheckHealth reports whether the store answers, whether the scheduler
// ticks, and what would keep this org from waking after a restart.
func (a *App) CheckHealth(ctx context.Context, _ *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	kind := a.settings.StoreKind()
	if err := a.store.Ping(ctx); err != nil {
		log.DefaultLogger.FromContext(ctx).Error("health check failed", "store", kind, "error", err)
		return &backend.CheckHealthResult{Status: backend.HealthStatusError,
			Message: "Warroom store (" + kind + ") is not reachable; see the plugin log"}, nil
	}
	sched := schedulerStatusOf(a.settings)
	if sched.Stale() {
		return &backend.CheckHealthResult{Status: backend.HealthStatusError,
			Message: "Warroom store (" + kind + ") is ready, but the " + sched.String() + "; escalations are not firing from this process (see the plugin log)"}, nil
	}
	if n := len(a.settings.Problems); n > 0 {
		p := a.settings.Problems[0]
		return &backend.CheckHealthResult{Status: backend.HealthStatusError,
			Message: fmt.Sprintf("Warroom store (%s) is ready, but %d setting(s) are ignored; first: %s %s", kind, n, p.Path, p.Message)}, nil
	}
	msg := "Warroom store (" + kind + ") is ready; " + sched.String()
	if w := a.restartWarning(); w != "" {
		msg += ". Warning: " + w
	}
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: msg}, nil
}

// restartWarning says what, after a Grafana restart, waits for this org's
// first request.
func (a *App) restartWarning() string {
	switch {
	case !a.settings.ProcessStore:
		line := "postgres_dsn"
		if a.settings.PostgresDSN == "" {
			line = "data_dir"
		}
		return fmt.Sprintf("this store is named by this org's settings, so after a restart its escalations wait for the org's first request; set %s under %s in grafana.ini instead", line, settings.IniSection)
	case a.settings.PostgresDSN != "" && a.proc.SecretKey == "":
		return fmt.Sprintf("without secret_key under %s in grafana.ini, channel secrets are not kept, so after a restart notifications wait for this org's first request (escalations still fire)", settings.IniSection)
	}
	return ""
}
