package api

import (
	"net/http"
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

func (a *API) configStatus(r *http.Request, _ Identity) (int, any, error) {
	out := ConfigStatus{Sections: []SectionStatus{}}
	for _, k := range SectionKeys {
		out.Sections = append(out.Sections, SectionStatus{Key: k, State: StateNotConfigured, Message: "not checked yet"})
	}
	return http.StatusOK, out, nil
}
