package api

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// SectionKey names a connection section of the plugin's configuration page.
type SectionKey string

// The sections, in page order.
const (
	SectionStorage       SectionKey = "storage"
	SectionPrometheus    SectionKey = "prometheus"
	SectionAWS           SectionKey = "aws"
	SectionPostgres      SectionKey = "postgres"
	SectionNotifications SectionKey = "notifications"
	SectionAlerts        SectionKey = "alerts"
)

// SectionKeys lists every section, in page order.
var SectionKeys = []SectionKey{SectionStorage, SectionPrometheus, SectionAWS, SectionPostgres, SectionNotifications, SectionAlerts}

// SectionState is the outcome of a section's check.
type SectionState string

const (
	StateConnected     SectionState = "connected"
	StateNotConfigured SectionState = "not_configured"
	StateError         SectionState = "error"
)

// SectionStates lists every state.
var SectionStates = []SectionState{StateConnected, StateNotConfigured, StateError}

// SectionStatus is the status line of one section. Message is for people:
// never driver text, SQL, secrets or a stack.
type SectionStatus struct {
	Key     SectionKey   `json:"key"`
	State   SectionState `json:"state"`
	Message string       `json:"message"`
}

// ConfigStatus answers GET /config/status: one line per section, in page order.
type ConfigStatus struct {
	Sections []SectionStatus `json:"sections"`
}

// SectionCheck checks one section of the saved settings and says how it
// stands in words an admin can act on. It must return when ctx ends.
type SectionCheck func(ctx context.Context) (SectionState, string)

// DefaultCheckTimeout bounds each section's check when ConfigCheckTimeout is
// not set: a status line that takes longer has told the admin enough.
const DefaultCheckTimeout = 3 * time.Second

// configStatus runs every section's check at once, each within the
// timeout; a slow or failing section never holds up or hides the others.
func (a *API) configStatus(r *http.Request, _ Identity) (int, any, error) {
	timeout := a.ConfigCheckTimeout
	if timeout <= 0 {
		timeout = DefaultCheckTimeout
	}
	out := ConfigStatus{Sections: make([]SectionStatus, len(SectionKeys))}
	var wg sync.WaitGroup
	for i, key := range SectionKeys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out.Sections[i] = runCheck(r.Context(), key, a.ConfigChecks[key], timeout)
		}()
	}
	wg.Wait()
	return http.StatusOK, out, nil
}

func runCheck(parent context.Context, key SectionKey, check SectionCheck, timeout time.Duration) SectionStatus {
	if check == nil {
		return SectionStatus{Key: key, State: StateNotConfigured, Message: "not configured"}
	}
	ctx, cancel := context.WithTimeout(parent, timeout)
	defer cancel()
	type result struct {
		state SectionState
		msg   string
	}
	done := make(chan result, 1) // buffered: a check that overruns ends on its own
	go func() {
		state, msg := check(ctx)
		done <- result{state, msg}
	}()
	timedOut := SectionStatus{Key: key, State: StateError, Message: "timed out after " + timeout.String()}
	select {
	case res := <-done:
		if res.state == StateError && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return timedOut // the check's own wording of the deadline varies
		}
		return SectionStatus{Key: key, State: res.state, Message: res.msg}
	case <-ctx.Done():
		return timedOut
	}
}
