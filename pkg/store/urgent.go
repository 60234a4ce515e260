package store

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// UrgentQuery selects the timers panel's page: the org's open incidents
// (investigating, identified or monitoring) of any of Services and any of
// Severities (empty: all), most urgent at Now first.
type UrgentQuery struct {
	Services   []string
	Severities []incident.Severity
	Now        time.Time
	Limit      int // 1..500; 0 means 50
}

// ActiveStatuses are the statuses whose timers still run.
var ActiveStatuses = []incident.Status{incident.Investigating, incident.Identified, incident.Monitoring}
