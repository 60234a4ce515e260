package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

const hookURL = "https://hooks.example.test/T000/B000/very-secret-path"

func orgSettings(updated time.Time) backend.AppInstanceSettings {
	jd, _ := json.Marshal(map[string]any{"notifications": map[string]any{"channels": []map[string]any{{"name": "ops", "kind": "webhook"}}}})
	return backend.AppInstanceSettings{JSONData: jd, Updated: updated,
		DecryptedSecureJSONData: map[string]string{settings.NotifyURLKey("ops"): hookURL, settings.NotifySecretKey("ops"): "hm4c"}}
}

// The stored snapshot never holds a secret in clear; it opens with the key
// that sealed it and with no other (the boot instance then runs timers
// only); PostgreSQL without secret_key stores no secrets at all.
func TestSnapshotSealing(t *testing.T) {
	dir := t.TempDir()
	proc := settings.Process{DataDir: dir}
	cfg := processSettings(proc)
	s := orgSettings(time.UnixMilli(1_750_000_000_000))
	snap, err := makeSnapshot(cfg, proc, 3, s, "http://grafana.example/", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	row := string(snap.Body) + string(snap.Sealed)
	if strings.Contains(row, "very-secret-path") || strings.Contains(row, "hm4c") || len(snap.Sealed) == 0 {
		t.Fatalf("the stored row shows a secret or has none sealed: %s", snap.Body)
	}
	if !strings.Contains(string(snap.Body), `"secrets":"sealed"`) || !strings.Contains(string(snap.Body), "grafana.example") {
		t.Fatalf("body %s", snap.Body)
	}
	got, appURL, deliver, err := openSnapshot(snap, cfg, proc)
	if err != nil || !deliver || got.DecryptedSecureJSONData[settings.NotifyURLKey("ops")] != hookURL || appURL != "http://grafana.example/" || !got.Updated.Equal(s.Updated) {
		t.Fatalf("open with the key file: %+v %q %v %v", got, appURL, deliver, err)
	}
	// Another key (secret_key set since) cannot open it.
	other := proc
	other.SecretKey = "a different key"
	if got, _, deliver, err := openSnapshot(snap, cfg, other); err == nil || deliver || len(got.DecryptedSecureJSONData) != 0 {
		t.Fatalf("opened with the wrong key: %+v %v %v", got, deliver, err)
	}
	// Another org's row cannot be swapped in.
	snap.OrgID = 4
	if _, _, deliver, err := openSnapshot(snap, cfg, proc); err == nil || deliver {
		t.Fatal("a snapshot opened as another org's")
	}

	pg := settings.Process{PostgresDSN: "postgres://u@h/db"}
	snap, err = makeSnapshot(processSettings(pg), pg, 3, s, "", time.Now())
	if err != nil || snap.Sealed != nil || !strings.Contains(string(snap.Body), `"secrets":"withheld"`) || strings.Contains(string(snap.Body), "secret-path") {
		t.Fatalf("postgres without secret_key: %s %v %v", snap.Body, snap.Sealed, err)
	}
	if _, _, deliver, err := openSnapshot(snap, processSettings(pg), pg); err != nil || deliver {
		t.Fatalf("withheld secrets: deliver %v err %v", deliver, err)
	}
}

// A real instance stores its org's snapshot; an older one never replaces it;
// at boot the org gets an instance (channels in the outbox directory, the
// scheduler running) without any request, and the org's real instance
// retires it.
func TestBootWakesOrgsAndTheRealInstanceReplacesThem(t *testing.T) {
	dir := t.TempDir()
	proc := settings.Process{DataDir: dir}
	ctx := context.Background()
	newReal := func(org int64, s backend.AppInstanceSettings) *App {
		t.Helper()
		// What NewApp does, with this test's process settings.
		rctx := orgContext(ctx, org, s, "http://grafana.example/")
		a, err := newApp(rctx, s, proc, realInstance)
		if err != nil {
			t.Fatal(err)
		}
		saveSnapshot(rctx, a, org, s, grafanaURL(rctx))
		a.leaveOrg = orgs.realStarted(org)
		return a
	}
	t2 := time.UnixMilli(1_750_000_002_000)
	a := newReal(5, orgSettings(t2))
	a.Dispose()
	older := orgSettings(t2.Add(-time.Second))
	older.JSONData = json.RawMessage(`{"severityLabels":"SEV"}`)
	newReal(5, older).Dispose()

	st, release, err := stores.Acquire(ctx, store.Config{SQLitePath: filepath.Join(dir, "warroom.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	snaps, err := st.OrgSnapshots(ctx)
	if err != nil || len(snaps) != 1 || !snaps[0].Updated.Equal(t2) || bytes.Contains(snaps[0].Body, []byte("SEV")) {
		t.Fatalf("snapshots %+v %v: the newer one must stay", snaps, err)
	}

	// Process start: nothing runs for org 5 in this process.
	if _, running := schedulingRefs(t, dir); running || orgs.bootOrg(5) {
		t.Fatal("left-overs before boot")
	}
	bst, leave, err := openProcessStore(ctx, processSettings(proc))
	if err != nil {
		t.Fatal(err)
	}
	defer leave()
	wakeOrgs(ctx, bst, processSettings(proc), proc)
	if !orgs.bootOrg(5) {
		t.Fatal("org 5 was not woken")
	}
	svc, _ := scheduling.get(schedulingKey(processSettings(proc)))
	if o, ok := svc.dir.Get(5); !ok || len(o.Channels) != 1 || o.Channels[0].URL != hookURL || o.BaseURL != "http://grafana.example/" {
		t.Fatalf("org 5 cannot deliver: %+v %v", o, ok)
	}
	// Another pass builds nothing new.
	wakeOrgs(ctx, bst, processSettings(proc), proc)
	if refs, _ := schedulingRefs(t, dir); refs != 2 {
		t.Fatalf("refs %d: want the process store and one boot instance", refs)
	}

	real := newReal(5, orgSettings(t2))
	if orgs.bootOrg(5) {
		t.Fatal("the boot instance outlived the real one's start")
	}
	if o, ok := svc.dir.Get(5); !ok || len(o.Channels) != 1 {
		t.Fatal("disposing the boot instance removed the real instance's channels")
	}
	// A boot instance that finished building after the real one started
	// (the race at process start) is dropped and leaves its channels alone.
	snap := orgSettings(t2)
	late, err := newApp(orgContext(ctx, 5, snap, "http://late.example/"), snap, proc, bootDelivers)
	if err != nil {
		t.Fatal(err)
	}
	if orgs.putBoot(5, late, t2) {
		t.Fatal("a boot instance was kept beside a real one")
	}
	if o, ok := svc.dir.Get(5); !ok || o.BaseURL != "http://grafana.example/" {
		t.Fatalf("the late boot instance changed the real instance's delivery settings: %+v %v", o, ok)
	}
	// While the real instance lives, a refresh does not wake the org again.
	wakeOrgs(ctx, bst, processSettings(proc), proc)
	if orgs.bootOrg(5) {
		t.Fatal("a boot instance was built beside a real one")
	}
	real.Dispose()
}

// The health check shows the scheduler's heartbeat, fails when it is
// stale, and names the grafana.ini line an org-level store needs.
func TestHealthReportsTheSchedulerAndWhatWaitsForARequest(t *testing.T) {
	a := testApp(t) // jsonData.dataDir: an org-level store
	res, err := a.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
	if err != nil || res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "scheduler: ") ||
		!strings.Contains(res.Message, "set data_dir under [plugin.warroom-incident-app] in grafana.ini") {
		t.Fatalf("%+v %v", res, err)
	}
	// The status reads a heartbeat whose last tick was an hour ago. It is a
	// fresh one, not the live scheduler's: that one beats on its own and
	// would make the scheduler look alive again between here and the call.
	long := time.Now().Add(-time.Hour)
	stale := &scheduler.Heartbeat{}
	stale.Start(long)
	stale.Beat(long)
	scheduling.mu.Lock()
	scheduling.byStore[schedulingKey(a.settings)].svc.hb = stale
	scheduling.mu.Unlock()
	res, _ = a.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
	if res.Status != backend.HealthStatusError || !strings.Contains(res.Message, "(stale)") {
		t.Fatalf("stale scheduler: %+v", res)
	}
	r := call(t, a, viewer, "GET", "/scheduler/status", "")
	if m := r.JSON(t); r.Status != 200 || m["state"] != "stale" || m["lastTick"] == nil {
		t.Fatalf("status route: %d %s", r.Status, r.Body)
	}

	t.Run("scheduler off", func(t *testing.T) {
		t.Setenv(EnvPluginScheduler, "off")
		res, _ := a.CheckHealth(t.Context(), &backend.CheckHealthRequest{})
		if res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, "scheduler: off in this process") {
			t.Fatalf("scheduler off: %+v", res)
		}
	})

	pg := &App{settings: settings.Settings{PostgresDSN: "postgres://x", ProcessStore: true}, proc: settings.Process{PostgresDSN: "postgres://x"}}
	if w := pg.restartWarning(); !strings.Contains(w, "secret_key under [plugin.warroom-incident-app]") {
		t.Fatalf("postgres without secret_key: %q", w)
	}
	pg.proc.SecretKey = "k"
	if w := pg.restartWarning(); w != "" {
		t.Fatalf("nothing waits: %q", w)
	}
}

// A data directory the Grafana user cannot create makes the instance error
// (which Grafana shows, and the health check answers) name the setting.
func TestUncreatableDataDirNamesTheIniSetting(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	proc := settings.Process{DataDir: filepath.Join(file, "warroom")}
	_, err := newApp(context.Background(), backend.AppInstanceSettings{}, proc, realInstance)
	if err == nil || !strings.Contains(err.Error(), "set data_dir under [plugin.warroom-incident-app] in grafana.ini") || strings.Contains(err.Error(), file) {
		t.Fatalf("error %v: want the grafana.ini setting named, and no path", err)
	}
	if _, _, err := openProcessStore(context.Background(), processSettings(proc)); err == nil || !strings.Contains(err.Error(), "data_dir") {
		t.Fatalf("boot: %v", err)
	}
}
