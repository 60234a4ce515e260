package scheduler

import (
	"encoding/json"

	"github.com/warroom/warroom-incident-app/pkg/insights"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timers"
)

// project is what the store keeps of out, computed for oi as read, and
// the insights record they give: it holds until out.NextChange, and any
// write before then makes it dirty.
func project(oi store.DueIncident, out timers.Output) (store.Projection, error) {
	body, err := json.Marshal(out.Summary())
	if err != nil {
		return store.Projection{}, err
	}
	return store.Projection{OrgID: oi.Incident.OrgID, IncidentID: oi.Incident.ID, Epoch: oi.Epoch,
		NextDue: out.NextChange, SoonestDue: out.SoonestDue(), WarnAt: out.WarnAt, Timers: body,
		Insights: insights.Derive(oi.Incident, oi.Events, out)}, nil
}
