// Package postmortemstore reads and saves an incident's post-mortem in the
// store: the document has its own version (postmortem.VersionOf), so a
// save races only with other post-mortem saves, not with checklist ticks,
// roles or alerts that change the rest of the incident meanwhile.
package postmortemstore

import (
	"context"
	"errors"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/policy/policystore"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/timeline"
)

// View is what the post-mortem page shows. Version is the post-mortem's
// own version (postmortem.VersionOf), not the incident's.
type View struct {
	Version  int64          `json:"version"`
	Doc      postmortem.Doc `json:"doc"`
	DueAt    *time.Time     `json:"dueAt,omitempty"`
	Markdown string         `json:"markdown"`
	Saved    bool           `json:"saved"`
	// SavedBy and SavedAt are the last save's author and time, so a
	// conflict can say whose text the editor is comparing with.
	SavedBy string     `json:"savedBy,omitempty"`
	SavedAt *time.Time `json:"savedAt,omitempty"`
}

// saveAttempts bounds how often a save re-reads the incident when another
// change (a checklist tick, a role, an alert) committed between its read
// and its write. Those changes come at human or alert pace, so a few
// immediate retries win; a post-mortem changed meanwhile stops at once.
const saveAttempts = 8

// StaleError is a save of a version that is no longer the post-mortem's
// (or one that kept losing the race): Current is the incident as last
// read, whose post-mortem the editor compares with what was typed.
type StaleError struct{ Current incident.Incident }

func (e *StaleError) Error() string { return "the post-mortem changed since its version was loaded" }

// Read is the view of the saved document, or of the prefill.
func Read(ctx context.Context, st store.Store, inc incident.Incident, now time.Time) (View, error) {
	doc, saved, err := postmortem.Stored(inc)
	if err != nil {
		return View{}, err
	}
	view, err := viewOf(ctx, st, inc, doc, now)
	view.Saved = saved
	return view, err
}

// Save writes doc as author if the post-mortem is still at version;
// changes to the rest of the incident do not matter. It is the one part of
// a resolved incident that stays editable. A stale version gives
// *StaleError.
func Save(ctx context.Context, st store.Store, orgID int64, incID, author string, version int64, doc postmortem.Doc, now func() time.Time) (View, error) {
	var inc incident.Incident
	for range saveAttempts {
		var err error
		inc, err = st.GetIncident(ctx, orgID, incID)
		if err != nil {
			return View{}, err
		}
		if postmortem.VersionOf(inc.Details) != version {
			return View{}, &StaleError{Current: inc}
		}
		saved, err := save(ctx, st, inc, author, doc, now().UTC())
		if errors.Is(err, store.ErrConflict) {
			continue // the incident moved, maybe not the post-mortem: read again
		}
		if err != nil {
			return View{}, err
		}
		view, err := viewOf(ctx, st, saved, doc, now())
		view.Saved = true
		return view, err
	}
	// Still losing the race: answer as for a stale version, with the last
	// document read, so the editor keeps what was typed and offers to retry.
	return View{}, &StaleError{Current: inc}
}

// save writes doc as the next post-mortem version of inc, with a timeline
// event; store.ErrConflict if inc is no longer the stored version.
func save(ctx context.Context, st store.Store, inc incident.Incident, author string, doc postmortem.Doc, now time.Time) (incident.Incident, error) {
	next, ev, err := postmortem.Save(inc, author, doc, now)
	if err != nil {
		return incident.Incident{}, err
	}
	return st.UpdateIncident(ctx, next, timeline.NewEvents([]incident.Event{ev}))
}

func viewOf(ctx context.Context, st store.Store, inc incident.Incident, doc postmortem.Doc, now time.Time) (View, error) {
	pol, err := policystore.Version(ctx, st, inc.OrgID, inc.Details.PolicyVersion)
	if err != nil {
		return View{}, err
	}
	events, err := st.ListEvents(ctx, inc.OrgID, inc.ID, 0)
	if err != nil {
		return View{}, err
	}
	v := View{Version: postmortem.VersionOf(inc.Details), Doc: doc, Markdown: postmortem.Markdown(inc, events, doc, pol.Labels, now)}
	for _, e := range events {
		if e.Kind == incident.EventPostmortem {
			v.SavedBy, v.SavedAt = e.Author, &e.At
		}
	}
	if due, ok := postmortem.DueAt(inc, pol.PostmortemDue.D()); ok {
		v.DueAt = &due
	}
	return v, nil
}
