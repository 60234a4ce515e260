package sqlcommon

import (
	"fmt"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// OpenIncident is OpenIncidents' entry for an incident row that scanned:
// the incident, or, when its data did not decode (err), an entry that says
// so with only its key, so one bad row costs one incident, not the page.
func OpenIncident(key store.Cursor, inc incident.Incident, err error) store.OpenIncident {
	if err != nil {
		return unreadable(key, err)
	}
	return store.OpenIncident{Incident: inc, Events: []incident.Event{}}
}

// AddOpenEvent appends an event row that scanned to its incident's entry;
// an event whose payload did not decode (err) makes the entry unreadable,
// since the timers computed without it could fire what is not owed.
func AddOpenEvent(o *store.OpenIncident, ev incident.Event, err error) {
	switch {
	case o.Err != nil:
	case err != nil:
		*o = unreadable(store.Cursor{OrgID: o.Incident.OrgID, ID: o.Incident.ID}, fmt.Errorf("event %d: %w", ev.Seq, err))
	default:
		o.Events = append(o.Events, ev)
	}
}

func unreadable(key store.Cursor, err error) store.OpenIncident {
	return store.OpenIncident{Incident: incident.Incident{OrgID: key.OrgID, ID: key.ID}, Events: []incident.Event{}, Err: err}
}
