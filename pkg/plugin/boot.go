package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/config"

	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/seal"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

// Grafana creates an org's plugin instance on the org's first request. A
// P1 open at 02:50 with Grafana restarted at 02:55 would then never page at
// 03:05 if nobody opened the app. So the back end wakes itself:
//
//   - every real instance stores its org's settings snapshot (jsonData,
//     Grafana's app URL, the decrypted secure JSON sealed with
//     pkg/seal) in its store;
//   - at process start, boot opens the process-level store (grafana.ini's
//     [plugin.warroom-incident-app], else SQLite in the default directory),
//     starts its scheduler and outbox worker, and builds a boot instance
//     per snapshot with the same constructor as NewApp: the org's channels
//     join the outbox and its metrics are re-evaluated;
//   - when Grafana creates the org's real instance, the boot instance is
//     disposed. Snapshots are re-read every refreshEvery, so a boot
//     instance follows settings saved through another process (HA members
//     share PostgreSQL). The nested data source's process does not boot
//     (serve.go).
//
// Without a key (PostgreSQL without secret_key) the secure part is not
// stored: the boot instance fires escalations and records them, and the
// org's notifications wait in the outbox for its real instance.

// refreshEvery is how often boot re-reads the snapshots.
const refreshEvery = 30 * time.Second

// orgs tracks this process's real instances and boot instances per org.
var orgs = &orgRegistry{real: map[int64]int{}, boot: map[int64]*bootInstance{}}

type orgRegistry struct {
	mu   sync.Mutex
	real map[int64]int
	boot map[int64]*bootInstance
}

type bootInstance struct {
	app     *App
	updated time.Time
}

// realStarted counts a real instance of the org and disposes its boot
// instance; the returned function uncounts it (Dispose).
func (r *orgRegistry) realStarted(orgID int64) func() {
	r.mu.Lock()
	r.real[orgID]++
	b := r.boot[orgID]
	delete(r.boot, orgID)
	r.mu.Unlock()
	if b != nil {
		// The real instance has registered its channels already; the boot
		// instance's were only a fallback (outbox.Directory.SetFallback).
		b.app.Dispose()
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			if r.real[orgID]--; r.real[orgID] <= 0 {
				delete(r.real, orgID)
			}
		})
	}
}

// wants reports whether a boot instance should be built from a snapshot.
func (r *orgRegistry) wants(orgID int64, updated time.Time) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.real[orgID] > 0 {
		return false
	}
	b := r.boot[orgID]
	return b == nil || updated.After(b.updated)
}

// putBoot installs a boot instance unless a real one started meanwhile,
// disposing what it replaces (or a itself when it is not wanted).
func (r *orgRegistry) putBoot(orgID int64, a *App, updated time.Time) bool {
	r.mu.Lock()
	var old *App
	ok := r.real[orgID] == 0
	if ok {
		if b := r.boot[orgID]; b != nil {
			old = b.app
		}
		r.boot[orgID] = &bootInstance{app: a, updated: updated}
	} else {
		old = a
	}
	r.mu.Unlock()
	if old != nil {
		old.Dispose()
	}
	return ok
}

// disposeBoot disposes every boot instance (process end, tests).
func (r *orgRegistry) disposeBoot() {
	r.mu.Lock()
	bs := r.boot
	r.boot = map[int64]*bootInstance{}
	r.mu.Unlock()
	for _, b := range bs {
		b.app.Dispose()
	}
}

// bootOrg reports whether the org runs a boot instance (tests).
func (r *orgRegistry) bootOrg(orgID int64) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.boot[orgID] != nil
}

// snapshotBody is the non-secret part of a snapshot.
type snapshotBody struct {
	JSONData json.RawMessage `json:"jsonData"`
	AppURL   string          `json:"appUrl,omitempty"`
	// Secrets is "sealed", "none" (the org has none) or "withheld" (no key).
	Secrets string `json:"secrets"`
}

// snapshotKey is the key that seals snapshots in cfg's store: secret_key,
// else for SQLite the key file warroom.key beside the database (created on
// first use); PostgreSQL without secret_key has none (ok false).
func snapshotKey(cfg settings.Settings, proc settings.Process) (seal.Key, bool, error) {
	if proc.SecretKey != "" {
		k, err := seal.KeyFromSecret(proc.SecretKey)
		return k, err == nil, err
	}
	if cfg.PostgresDSN != "" {
		return seal.Key{}, false, nil
	}
	k, err := seal.KeyFile(filepath.Join(filepath.Dir(cfg.SQLitePath), "warroom.key"))
	return k, err == nil, err
}

// aad binds a sealed value to its org.
func aad(orgID int64) []byte { return []byte("warroom org " + strconv.FormatInt(orgID, 10)) }

// saveSnapshot stores the org's settings as a real instance received them.
// Failures are logged: the instance works without a snapshot; only the
// wake-up after a restart waits for a request.
func saveSnapshot(ctx context.Context, a *App, orgID int64, s backend.AppInstanceSettings, appURL string) {
	logger := log.DefaultLogger.FromContext(ctx)
	snap, err := makeSnapshot(a.settings, a.proc, orgID, s, appURL, time.Now())
	if err == nil {
		_, err = a.store.PutOrgSnapshot(ctx, snap)
	}
	if err != nil {
		// Never the snapshot itself: it holds secrets.
		logger.Error("settings snapshot not stored; after a restart this org wakes on its first request", "orgId", orgID, "error", err)
	}
}

func makeSnapshot(cfg settings.Settings, proc settings.Process, orgID int64, s backend.AppInstanceSettings, appURL string, now time.Time) (store.OrgSnapshot, error) {
	body := snapshotBody{JSONData: s.JSONData, AppURL: appURL, Secrets: "none"}
	if len(body.JSONData) == 0 {
		body.JSONData = json.RawMessage("{}")
	}
	var sealed []byte
	if len(s.DecryptedSecureJSONData) > 0 {
		key, ok, err := snapshotKey(cfg, proc)
		if err != nil {
			return store.OrgSnapshot{}, fmt.Errorf("snapshot key: %w", err)
		}
		body.Secrets = "withheld"
		if ok {
			plain, err := json.Marshal(s.DecryptedSecureJSONData)
			if err != nil {
				return store.OrgSnapshot{}, err
			}
			if sealed, err = seal.Seal(key, plain, aad(orgID)); err != nil {
				return store.OrgSnapshot{}, err
			}
			body.Secrets = "sealed"
		}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return store.OrgSnapshot{}, err
	}
	return store.OrgSnapshot{OrgID: orgID, Updated: s.Updated, Body: b, Sealed: sealed, SavedAt: now}, nil
}

// openSnapshot turns a snapshot back into the settings Grafana would send.
// deliver is false when the secrets are not available (withheld, or sealed
// with another key): the instance then runs timers only.
func openSnapshot(snap store.OrgSnapshot, cfg settings.Settings, proc settings.Process) (s backend.AppInstanceSettings, appURL string, deliver bool, err error) {
	var body snapshotBody
	if err := json.Unmarshal(snap.Body, &body); err != nil {
		return s, "", false, fmt.Errorf("snapshot of org %d is not valid: %w", snap.OrgID, err)
	}
	s = backend.AppInstanceSettings{JSONData: body.JSONData, DecryptedSecureJSONData: map[string]string{}, Updated: snap.Updated}
	switch body.Secrets {
	case "none":
		return s, body.AppURL, true, nil
	case "sealed":
		key, ok, err := snapshotKey(cfg, proc)
		if err != nil || !ok {
			return s, body.AppURL, false, errors.Join(errors.New("no key to open the sealed settings"), err)
		}
		plain, err := seal.Open(key, snap.Sealed, aad(snap.OrgID))
		if err != nil {
			return s, body.AppURL, false, err
		}
		if err := json.Unmarshal(plain, &s.DecryptedSecureJSONData); err != nil {
			return s, body.AppURL, false, fmt.Errorf("sealed settings of org %d are not valid", snap.OrgID)
		}
		return s, body.AppURL, true, nil
	}
	return s, body.AppURL, false, nil
}

// processSettings is the store location of the process-level store.
func processSettings(proc settings.Process) settings.Settings {
	return settings.Settings{PostgresDSN: proc.PostgresDSN, SQLitePath: proc.SQLitePath(), ProcessStore: true}
}

// boot runs until ctx ends: it opens the process store, keeps its
// scheduler running and wakes every org with a snapshot. Serve starts it in
// the background so the plugin handshake is not delayed.
func boot(ctx context.Context, proc settings.Process, every time.Duration) {
	logger := log.DefaultLogger.With("component", "boot")
	if !proc.Bootable() {
		logger.Error("no store is known at start; orgs wake on their first request", "reason", proc.DefaultDataDirErr,
			"fix", "set data_dir (or postgres_dsn) under "+settings.IniSection+" in grafana.ini")
		return
	}
	cfg := processSettings(proc)
	t := time.NewTicker(every)
	defer t.Stop()
	var st store.Store
	leave := func() {}
	defer func() { leave() }()
	defer orgs.disposeBoot()
	lastErr := ""
	for {
		if st == nil {
			opened, release, err := openProcessStore(ctx, cfg)
			switch {
			case err == nil:
				st, leave = opened, release
				logger.Info("process store ready; scheduler started", "store", cfg.StoreKind(), "sqlitePath", cfg.SQLitePath)
			case err.Error() != lastErr: // once per distinct failure, not every pass
				lastErr = err.Error()
				logger.Error("process store unavailable; retrying", "store", cfg.StoreKind(), "sqlitePath", cfg.SQLitePath, "error", err,
					"fix", "check data_dir (or postgres_dsn) under "+settings.IniSection+" in grafana.ini")
			}
		}
		if st != nil {
			wakeOrgs(ctx, st, cfg, proc)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// openProcessStore opens the process store and joins its scheduler (no
// org); leave releases both.
func openProcessStore(ctx context.Context, cfg settings.Settings) (store.Store, func(), error) {
	st, release, err := stores.Acquire(ctx, store.Config{PostgresDSN: cfg.PostgresDSN, SQLitePath: cfg.SQLitePath})
	if errors.Is(err, store.ErrDataDir) {
		return nil, nil, errDataDir()
	}
	if err != nil {
		return nil, nil, err
	}
	leaveScheduling, err := joinScheduling(ctx, cfg, 0, outbox.Org{}, nil, false)
	if err != nil {
		release()
		return nil, nil, err
	}
	return st, func() { leaveScheduling(); release() }, nil
}

// wakeOrgs builds a boot instance for each org whose snapshot is newer than
// what this process runs for it.
func wakeOrgs(ctx context.Context, st store.Store, cfg settings.Settings, proc settings.Process) {
	logger := log.DefaultLogger.With("component", "boot")
	snaps, err := st.OrgSnapshots(ctx)
	if err != nil {
		if ctx.Err() == nil {
			logger.Error("settings snapshots unreadable", "error", err)
		}
		return
	}
	for _, snap := range snaps {
		if ctx.Err() != nil {
			return
		}
		if !orgs.wants(snap.OrgID, snap.Updated) {
			continue
		}
		s, appURL, deliver, err := openSnapshot(snap, cfg, proc)
		if err != nil {
			logger.Warn("org settings snapshot without its secrets; its notifications wait for the org's first request", "orgId", snap.OrgID, "error", err)
		}
		kind := bootDelivers
		if !deliver {
			kind = bootTimersOnly
		}
		a, err := newApp(orgContext(ctx, snap.OrgID, s, appURL), s, proc, kind)
		if err != nil {
			logger.Error("org not woken", "orgId", snap.OrgID, "error", err)
			continue
		}
		if orgs.putBoot(snap.OrgID, a, snap.Updated) {
			logger.Info("org woken from its settings snapshot", "orgId", snap.OrgID, "notifications", deliver)
		}
	}
}

// orgContext is the context Grafana's instance manager would give NewApp
// for the org: its plugin context and Grafana's config (the app URL).
func orgContext(ctx context.Context, orgID int64, s backend.AppInstanceSettings, appURL string) context.Context {
	cfg := config.NewGrafanaCfg(map[string]string{})
	if appURL != "" {
		cfg = config.NewGrafanaCfg(map[string]string{config.AppURL: appURL})
	}
	ctx = config.WithGrafanaConfig(ctx, cfg)
	return backend.WithPluginContext(ctx, backend.PluginContext{OrgID: orgID, PluginID: ID, AppInstanceSettings: &s, GrafanaConfig: cfg})
}
