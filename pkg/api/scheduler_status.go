package api

import (
	"net/http"
	"time"
)

// SchedulerStatus is GET /scheduler/status: the heartbeat of the scheduler
// this back-end process runs for the org's store.
type SchedulerStatus struct {
	// State is "ok", "starting", "stale" or "off" (scheduler = off in grafana.ini, or
	// not running in this process).
	State string `json:"state" tstype:"'ok' | 'starting' | 'stale' | 'off'"`
	// LastTick is the last completed tick; absent before the first.
	LastTick *time.Time `json:"lastTick,omitempty"`
	// AgeSeconds is how long ago the last tick (or the start) was.
	AgeSeconds int64 `json:"ageSeconds"`
	// Message is the line the health check shows ("scheduler: last tick 3 s ago").
	Message string    `json:"message"`
	Now     time.Time `json:"now"`
}

func (a *API) schedulerStatus(_ *http.Request, _ Identity) (int, any, error) {
	if a.Scheduler == nil {
		return http.StatusOK, SchedulerStatus{State: "off", Message: "scheduler: off in this process", Now: a.Now().UTC()}, nil
	}
	return http.StatusOK, a.Scheduler(), nil
}
