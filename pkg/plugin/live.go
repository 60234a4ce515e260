package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/live"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

// watchers holds the one live watcher per store location of this process,
// whatever the number of orgs, streams and subscribers.
var watchers perStore[*live.Watcher]

// joinLive returns the store's watcher and the function Dispose calls.
func joinLive(ctx context.Context, cfg settings.Settings) (*live.Watcher, func(), error) {
	return watchers.join(schedulingKey(cfg), func() (*live.Watcher, func(context.Context), func(), error) {
		// Its own handle: instances release theirs on Dispose, in any order.
		st, release, err := stores.Acquire(ctx, store.Config{PostgresDSN: cfg.PostgresDSN, SQLitePath: cfg.SQLitePath})
		if err != nil {
			return nil, nil, nil, err
		}
		w := &live.Watcher{Source: st, Logger: log.DefaultLogger.With("component", "live")}
		return w, w.Run, release, nil
	})
}
