package scheduler

import (
	"context"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/outbox"
)

// Defaults of Service. A tick reads only the incidents that are due (one
// indexed read when none is), so ticking every second costs little and
// bounds the lag of a firing behind its due time by the period plus the
// tick's own time; sleeping until the earliest due time instead would need
// waking on every write that makes an incident dirty, for at most a second
// gained.
const (
	DefaultTickEvery    = time.Second
	DefaultDeliverEvery = 2 * time.Second
)

// Service runs the scheduler and the outbox worker of one store until its
// context ends. Errors are logged and the next period tries again.
type Service struct {
	Scheduler    *Scheduler
	Worker       *outbox.Worker
	Now          func() time.Time
	TickEvery    time.Duration
	DeliverEvery time.Duration
	Logger       log.Logger
	// Heartbeat, when set, records the start and every successful tick.
	Heartbeat *Heartbeat
}

// Period is the tick period Run uses.
func (s *Service) Period() time.Duration {
	if s.TickEvery <= 0 {
		return DefaultTickEvery
	}
	return s.TickEvery
}

// Run blocks until ctx ends.
func (s *Service) Run(ctx context.Context) {
	tick, deliver := s.Period(), s.DeliverEvery
	if s.Heartbeat != nil {
		s.Heartbeat.Start(s.Now())
	}
	if deliver <= 0 {
		deliver = DefaultDeliverEvery
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		every(ctx, tick, func() {
			st, err := s.Scheduler.Tick(ctx, s.Now().UTC())
			if err != nil && ctx.Err() == nil {
				s.Logger.Error("scheduler tick failed", "error", err)
				return
			}
			if err == nil && s.Heartbeat != nil {
				s.Heartbeat.Beat(s.Now())
			}
			if st.Fired > 0 {
				s.Logger.Info("scheduler fired", "firings", st.Fired, "dueIncidents", st.Incidents)
			}
		})
	})
	// Deliveries run side by side (outbox.Worker.Run): a slow receiver holds
	// its own slot while the loop keeps claiming other orgs' rows.
	wg.Go(func() {
		s.Worker.Run(ctx, s.Now, deliver, func(st outbox.Stats, err error) {
			switch {
			case err != nil && ctx.Err() == nil:
				// Store errors only: delivery errors are recorded per row, and
				// never carry a channel URL.
				s.Logger.Error("notification delivery failed to claim or record", "error", err)
			case st.Failed > 0:
				s.Logger.Warn("notification given up", "count", st.Failed)
			}
		})
	})
	wg.Wait()
}

// every runs fn at once and then each period until ctx ends.
func every(ctx context.Context, period time.Duration, fn func()) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		fn()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
