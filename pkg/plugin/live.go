package plugin

import (
	"context"
	"sync"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/live"
	"github.com/warroom/warroom-incident-app/pkg/settings"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

// One live watcher runs per store location in this process, whatever the
// number of orgs, streams and subscribers: the first instance that uses the
// store starts it, the last one disposed stops it (as scheduling.go does
// for the scheduler).
var watchers = struct {
	sync.Mutex
	byStore map[string]*liveService
}{byStore: map[string]*liveService{}}

type liveService struct {
	refs    int
	w       *live.Watcher
	stop    context.CancelFunc
	done    chan struct{}
	release func()
}

// joinLive returns the store's watcher and the function Dispose calls.
func joinLive(ctx context.Context, cfg settings.Settings) (*live.Watcher, func(), error) {
	key := schedulingKey(cfg)
	watchers.Lock()
	defer watchers.Unlock()
	svc := watchers.byStore[key]
	if svc == nil {
		// Its own handle: instances release theirs on Dispose, in any order.
		st, release, err := stores.Acquire(ctx, store.Config{PostgresDSN: cfg.PostgresDSN, SQLitePath: cfg.SQLitePath})
		if err != nil {
			return nil, nil, err
		}
		bg, stop := context.WithCancel(context.Background())
		svc = &liveService{w: &live.Watcher{Source: st, Logger: log.DefaultLogger.With("component", "live")},
			stop: stop, done: make(chan struct{}), release: release}
		go func() {
			defer close(svc.done)
			svc.w.Run(bg)
		}()
		watchers.byStore[key] = svc
	}
	svc.refs++
	var once sync.Once
	return svc.w, func() {
		once.Do(func() {
			watchers.Lock()
			defer watchers.Unlock()
			svc.refs--
			if svc.refs > 0 {
				return
			}
			delete(watchers.byStore, key)
			svc.stop()
			<-svc.done
			svc.release()
		})
	}, nil
}
