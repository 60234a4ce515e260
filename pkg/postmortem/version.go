package postmortem

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// The post-mortem has its own version, apart from the incident's: a
// checklist tick or a note moves the incident's version while someone is
// writing the review, and that must not make their draft stale. Only a
// save of the post-mortem moves this one.

// VersionOf is the post-mortem's version in the incident's details: 0
// before the first save; a document saved before versions existed counts
// as 1.
func VersionOf(d incident.Details) int64 {
	switch {
	case d.PostmortemVersion > 0:
		return d.PostmortemVersion
	case len(d.Postmortem) > 0:
		return 1
	default:
		return 0
	}
}

// Stored is the saved document of inc, or the prefill when none is saved
// yet (saved false).
func Stored(inc incident.Incident) (doc Doc, saved bool, err error) {
	if len(inc.Details.Postmortem) == 0 {
		return Prefill(inc, inc.CreatedBy), false, nil
	}
	if err := json.Unmarshal(inc.Details.Postmortem, &doc); err != nil {
		return Doc{}, false, fmt.Errorf("stored post-mortem of %s is unreadable: %w", inc.ID, err)
	}
	return doc, true, nil
}

// Store puts doc into details as the version after the current one.
func Store(d incident.Details, doc Doc) (incident.Details, error) {
	body, err := json.Marshal(doc)
	if err != nil {
		return d, err
	}
	d.PostmortemVersion = VersionOf(d) + 1
	d.Postmortem = body
	return d, nil
}

// Save is inc with doc saved as its next post-mortem version by author at
// now, and the timeline event recording it: what the editor's save writes
// (postmortemstore), and the demo's history too.
func Save(inc incident.Incident, author string, doc Doc, now time.Time) (incident.Incident, incident.Event, error) {
	details, err := Store(inc.Details.Normalize(), doc)
	if err != nil {
		return inc, incident.Event{}, err
	}
	inc.Details, inc.UpdatedAt = details, now
	ev := incident.NewEvent(incident.EventPostmortem, author, now,
		incident.PostmortemPayload{ActionItems: len(doc.ActionItems), Version: details.PostmortemVersion})
	return inc, ev, nil
}
