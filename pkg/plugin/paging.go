package plugin

import (
	"context"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/grafanaapi"
	"github.com/warroom/warroom-incident-app/pkg/oncall/pager"
	"github.com/warroom/warroom-incident-app/pkg/oncall/roster"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/seal"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// newPager delivers pages for a store's outbox. Contact methods' secrets
// are sealed with the snapshot key (secret_key, or SQLite's key file); nil
// fails pages to methods that keep one.
func newPager(st store.Store, key *seal.Key) *pager.Pager {
	return &pager.Pager{Store: st, Key: key}
}

// contactKey is the key contact methods are sealed with, nil when there is
// none (PostgreSQL without secret_key).
func contactKey(cfg settings.Settings, proc settings.Process) *seal.Key {
	k, ok, err := snapshotKey(cfg, proc)
	if err != nil {
		log.DefaultLogger.Error("contact method key unavailable; methods with a secret cannot be saved or paged", "error", err)
	}
	if !ok {
		return nil
	}
	return &k
}

// orgTeams keeps each org's Grafana client (its instance's service
// account), for team targets paged by the scheduler outside any request.
type orgTeams struct {
	mu      sync.RWMutex
	clients map[int64]grafanaapi.Client
}

func (t *orgTeams) set(orgID int64, c grafanaapi.Client) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.clients == nil {
		t.clients = map[int64]grafanaapi.Client{}
	}
	t.clients[orgID] = c
}

// Members implements roster.Teams.
func (t *orgTeams) Members(ctx context.Context, orgID int64, teamID string) ([]string, error) {
	t.mu.RLock()
	c, ok := t.clients[orgID]
	t.mu.RUnlock()
	if !ok {
		return nil, roster.ErrNoTeams
	}
	return api.GrafanaTeams{Client: c}.Members(ctx, orgID, teamID)
}

// testPager sends test pages with the org's delivery settings.
type testPager struct {
	p   *pager.Pager
	org func() outbox.Org
}

func (t testPager) Test(ctx context.Context, orgID int64, login, methodID string, now time.Time) api.TestPageResult {
	res := t.p.Test(ctx, orgID, t.org(), login, methodID, now)
	if res.OK() {
		return api.TestPageResult{Delivered: true}
	}
	return api.TestPageResult{Error: res.Error}
}
