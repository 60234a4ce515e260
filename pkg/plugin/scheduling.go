package plugin

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/grafanaapi"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/oncall/roster"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

// One scheduler and one outbox worker run per store location in this
// process, not per org instance: the scheduler covers every org in the
// store. The first instance that uses a store starts them, the last one
// to be disposed stops them.
//
// Grafana creates an org's instance lazily, on the org's first request. So
// after a restart the scheduler starts with the first request of any org
// and then fires for all orgs (escalations and timeline entries need only
// the store; outbox rows are addressed by the channel routes each instance
// stored when it last started). Delivering an org's notifications needs
// its channel URLs and secrets, which Grafana gives only to that org's
// instance: its rows wait in the outbox, not lost, until the org's instance
// runs in this process or in another HA instance.
var scheduling perStore[*schedulingService]

// EnvPluginScheduler set to "off" keeps this process from running the
// scheduler and the outbox worker: for an HA member that should only serve
// requests (escalations then fire on the other members), and for benchmarks
// of request paths. It is grafana.ini's [plugin.warroom-incident-app]
// scheduler = off, the one way Grafana passes a setting to a plugin process
// (pluginconfig/envvars.go pluginSettingsEnvVars).
const EnvPluginScheduler = "GF_PLUGIN_SCHEDULER"

// schedulerOff reports whether this process runs no scheduler.
func schedulerOff() bool {
	return os.Getenv(EnvPluginScheduler) == "off"
}

type schedulingService struct {
	hb     *scheduler.Heartbeat
	period time.Duration
	st     store.Store
	dir    *outbox.Directory
	// teams reads Grafana teams for the orgs whose instances brought the
	// app's service account (paging a team target).
	teams *orgTeams
}

// joinScheduling registers the org's delivery settings with the store's
// service (starting it if needed), stores its channel routes, and returns
// the function Dispose calls.
//
// boot is true for a boot instance (boot.go): its channels only fill in
// for an org with no real instance in this process.
func joinScheduling(ctx context.Context, cfg settings.Settings, orgID int64, org outbox.Org, routes []notify.Channel, boot bool) (func(), error) {
	if schedulerOff() {
		return func() {}, nil
	}
	loc := store.Config{PostgresDSN: cfg.PostgresDSN, SQLitePath: cfg.SQLitePath}
	svc, leave, err := scheduling.join(schedulingKey(cfg), func() (*schedulingService, func(context.Context), func(), error) {
		// The service holds its own store handle: instances release theirs
		// on Dispose, in any order.
		st, release, err := stores.Acquire(ctx, loc)
		if err != nil {
			return nil, nil, nil, err
		}
		svc := &schedulingService{st: st, dir: &outbox.Directory{}, hb: &scheduler.Heartbeat{}, teams: &orgTeams{}}
		s := &scheduler.Service{
			Scheduler: &scheduler.Scheduler{Store: st, Roster: roster.Roster{Store: st, Teams: svc.teams}},
			Worker:    &outbox.Worker{Store: st, Directory: svc.dir, Owner: processOwner(), Pager: newPager(st, contactKey(cfg, settings.FromOS()))},
			Now:       time.Now,
			Logger:    log.DefaultLogger.With("component", "scheduler"),
			Heartbeat: svc.hb,
		}
		svc.period = s.Period()
		return svc, s.Run, release, nil
	})
	if err != nil {
		return nil, err
	}

	unset := func() {}
	if c, ok := grafanaapi.FromContext(ctx); ok && orgID > 0 {
		svc.teams.set(orgID, c)
	}
	if orgID > 0 && boot {
		// Settings from the org's snapshot: the real instance that stored it
		// also stored these routes; never override what a real instance set.
		unset = svc.dir.SetFallback(orgID, org)
	} else if orgID > 0 {
		unset = svc.dir.Set(orgID, org)
		body, err := json.Marshal(routes)
		if err == nil {
			err = svc.st.PutChannelRoutes(ctx, orgID, body, time.Now().UTC())
		}
		if err != nil {
			log.DefaultLogger.FromContext(ctx).Error("channel routes not stored; notifications use the last stored ones", "orgId", orgID, "error", err)
		}
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			unset()
			leave()
		})
	}, nil
}

func schedulingKey(cfg settings.Settings) string {
	if cfg.PostgresDSN != "" {
		return "postgres\x00" + cfg.PostgresDSN
	}
	if abs, err := filepath.Abs(cfg.SQLitePath); err == nil {
		return "sqlite\x00" + abs
	}
	return "sqlite\x00" + cfg.SQLitePath
}

// schedulerStatus is the heartbeat of the scheduler of one store in this
// process, for CheckHealth and GET /scheduler/status.
type schedulerStatus struct {
	scheduler.Status
	Now time.Time
}

// schedulerStatusOf reads the heartbeat of cfg's store now.
func schedulerStatusOf(cfg settings.Settings) schedulerStatus {
	now := time.Now()
	if schedulerOff() {
		return schedulerStatus{Status: scheduler.Status{State: scheduler.StateOff}, Now: now}
	}
	svc, ok := scheduling.get(schedulingKey(cfg))
	if !ok {
		return schedulerStatus{Status: scheduler.Status{State: scheduler.StateOff}, Now: now}
	}
	return schedulerStatus{Status: svc.hb.Status(now, svc.period), Now: now}
}

// Stale reports a scheduler that should tick and does not.
func (s schedulerStatus) Stale() bool { return s.State == scheduler.StateStale }

// API is the status as GET /scheduler/status answers it.
func (s schedulerStatus) API() api.SchedulerStatus {
	out := api.SchedulerStatus{State: s.State, Message: s.String(), Now: s.Now.UTC(), AgeSeconds: int64(s.Age / time.Second)}
	if !s.LastTick.IsZero() {
		t := s.LastTick.UTC()
		out.LastTick = &t
	}
	return out
}

// notificationsFrom reads the org's channels; problems (paths only, never
// a URL or secret) join the settings problems the health check reports.
func notificationsFrom(ctx context.Context, s backend.AppInstanceSettings, cfg *settings.Settings) (outbox.Org, []notify.Channel) {
	n, err := settings.ParseNotifications(s.JSONData)
	if err != nil {
		cfg.Problems = append(cfg.Problems, incident.FieldError{Path: "notifications", Message: "is not valid: see docs/api.md for its shape"})
		return outbox.Org{}, nil
	}
	chans, problems := n.Resolve(cfg.Secrets)
	cfg.Problems = append(cfg.Problems, problems...)
	// Only channels that can deliver are routed to: a row for a channel
	// without its URL could only fail.
	routes := make([]notify.Channel, 0, len(chans))
	for _, c := range chans {
		c.URL, c.Secret = "", ""
		routes = append(routes, c)
	}
	pg, problems := settings.ParsePaging(s.JSONData, cfg.Secrets)
	cfg.Problems = append(cfg.Problems, problems...)
	return outbox.Org{Channels: chans, BaseURL: grafanaURL(ctx), SeverityLabels: cfg.SeverityLabels,
		SMTP: pg.SMTP, SlackBotToken: pg.SlackBotToken}, routes
}

// processOwner names this process in outbox leases.
func processOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}
