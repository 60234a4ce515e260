package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// pmView is the part of PostmortemView these tests read.
type pmView struct {
	Version int64  `json:"version"`
	Saved   bool   `json:"saved"`
	SavedBy string `json:"savedBy"`
	Doc     struct {
		Summary string `json:"summary"`
	} `json:"doc"`
}

func getPM(t *testing.T, a *apitest.Server, id string) pmView {
	t.Helper()
	r := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id+"/postmortem", "")
	if r.Status != http.StatusOK {
		t.Fatalf("GET post-mortem: %d %s", r.Status, r.Body)
	}
	var v pmView
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func putPM(t *testing.T, a *apitest.Server, who apitest.Caller, id string, version int64, summary string) apitest.Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"version": version, "doc": map[string]any{"summary": summary}})
	return a.Call(t, who, "PUT", "/incidents/"+id+"/postmortem", string(body))
}

// savedPM is the view a 200 answer carries.
func savedPM(t *testing.T, r apitest.Response) pmView {
	t.Helper()
	if r.Status != http.StatusOK {
		t.Fatalf("want the post-mortem saved, got %d %s", r.Status, r.Body)
	}
	var v pmView
	if err := json.Unmarshal(r.Body, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// conflictPM is error.current of a 409 conflict: the server's document.
func conflictPM(t *testing.T, r apitest.Response) pmView {
	t.Helper()
	if r.Status != http.StatusConflict || r.ErrorCode(t) != "conflict" {
		t.Fatalf("want 409 conflict, got %d %s", r.Status, r.Body)
	}
	var body struct {
		Error struct {
			Current *pmView `json:"current"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.Body, &body); err != nil || body.Error.Current == nil {
		t.Fatalf("409 without the server's document (error.current): %v %s", err, r.Body)
	}
	return *body.Error.Current
}

// doneItems lists the checklist ids ticked on the stored incident.
func doneItems(t *testing.T, a *apitest.Server, id string) []string {
	t.Helper()
	var inc incident.Incident
	if err := json.Unmarshal(a.Call(t, apitest.Viewer, "GET", "/incidents/"+id, "").Body, &inc); err != nil {
		t.Fatal(err)
	}
	var done []string
	for _, c := range inc.Details.Checklist {
		if c.Done {
			done = append(done, c.ID)
		}
	}
	return done
}

// A checklist tick by someone else moves the incident's version, not the
// post-mortem's: a draft loaded before it still saves, and the tick stays.
func TestPostmortemHasItsOwnVersion(t *testing.T) {
	a := apitest.New(t)
	id, v := a.Declare(t, apitest.Editor, "Checkout 502s")

	if pm := getPM(t, a, id); pm.Version != 0 || pm.Saved {
		t.Fatalf("a post-mortem never saved is version 0, not saved: %+v", pm)
	}
	missing := a.Call(t, apitest.Editor, "PUT", "/incidents/"+id+"/postmortem", `{"doc":{"summary":"s"}}`)
	if missing.Status != http.StatusBadRequest || fmt.Sprint(missing.FieldPaths(t)) != "[version]" {
		t.Fatalf("PUT without a version: %d %s", missing.Status, missing.Body)
	}
	if pm := savedPM(t, putPM(t, a, apitest.Editor, id, 0, "First draft")); pm.Version != 1 || !pm.Saved {
		t.Fatalf("first save: %+v", pm)
	}

	loaded := getPM(t, a, id) // the editor opens the post-mortem here
	tick := a.Call(t, apitest.Admin, "PATCH", "/incidents/"+id, fmt.Sprintf(`{"version":%d,"checklist":{"acknowledge":true}}`, v+1))
	if tick.Status != http.StatusOK {
		t.Fatalf("checklist tick: %d %s", tick.Status, tick.Body)
	}

	pm := savedPM(t, putPM(t, a, apitest.Editor, id, loaded.Version, "Bad deploy, rolled back"))
	if pm.Version != 2 || pm.Doc.Summary != "Bad deploy, rolled back" {
		t.Fatalf("save after someone else's tick: %+v", pm)
	}
	if got := getPM(t, a, id); got.Version != 2 || got.Doc.Summary != "Bad deploy, rolled back" {
		t.Fatalf("reloaded post-mortem: %+v", got)
	}
	if done := fmt.Sprint(doneItems(t, a, id)); done != "[acknowledge]" {
		t.Fatalf("the tick was lost by the post-mortem save: done %s", done)
	}
}

// Two editors on one post-mortem: the second save is refused with the
// first one's document, and saves over it only with the version it now saw.
func TestStalePostmortemVersionAnswersWithTheServersDocument(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "Checkout 502s")
	bob := apitest.Caller{OrgID: 1, Login: "bob", Role: "Editor"}

	base := getPM(t, a, id).Version
	savedPM(t, putPM(t, a, bob, id, base, "Bob's summary"))

	theirs := conflictPM(t, putPM(t, a, apitest.Editor, id, base, "Eddie's summary"))
	if theirs.Version != 1 || !theirs.Saved || theirs.Doc.Summary != "Bob's summary" || theirs.SavedBy != "bob" {
		t.Fatalf("error.current must be the stored post-mortem: %+v", theirs)
	}
	if got := getPM(t, a, id); got.Doc.Summary != "Bob's summary" {
		t.Fatalf("a refused save changed the document: %+v", got)
	}
	if pm := savedPM(t, putPM(t, a, apitest.Editor, id, theirs.Version, "Eddie's summary")); pm.Version != 2 || pm.Doc.Summary != "Eddie's summary" {
		t.Fatalf("keep mine with the version now seen: %+v", pm)
	}
}

// A document saved before post-mortems had a version reads as version 1.
func TestPostmortemSavedBeforeVersionsReadsAsVersion1(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "Checkout 502s")
	ctx := context.Background()
	inc, err := a.API.Store.GetIncident(ctx, 1, id)
	if err != nil {
		t.Fatal(err)
	}
	inc.Details.Postmortem = json.RawMessage(`{"reporter":"alice","summary":"Written last year"}`)
	if _, err := a.API.Store.UpdateIncident(ctx, inc, nil); err != nil {
		t.Fatal(err)
	}

	if pm := getPM(t, a, id); pm.Version != 1 || !pm.Saved || pm.Doc.Summary != "Written last year" {
		t.Fatalf("old post-mortem: %+v", pm)
	}
	if theirs := conflictPM(t, putPM(t, a, apitest.Editor, id, 0, "Overwrite")); theirs.Doc.Summary != "Written last year" {
		t.Fatalf("version 0 must not overwrite a saved document: %+v", theirs)
	}
	if pm := savedPM(t, putPM(t, a, apitest.Editor, id, 1, "Revised")); pm.Version != 2 {
		t.Fatalf("save over the old document: %+v", pm)
	}
}

// interleaved runs meanwhile, through the real store, between the API's
// read of the incident and its write of the post-mortem: another person's
// change committing at the worst moment, without relying on timing.
type interleaved struct {
	store.Store
	left      int // how many post-mortem writes to interleave
	writes    int // post-mortem writes attempted
	meanwhile func(ctx context.Context, st store.Store, id string) error
}

func (s *interleaved) UpdateIncident(ctx context.Context, inc incident.Incident, events []store.NewEvent) (incident.Incident, error) {
	if len(events) == 1 && events[0].Kind == incident.EventPostmortem {
		s.writes++
		if s.left > 0 {
			s.left--
			if err := s.meanwhile(ctx, s.Store, inc.ID); err != nil {
				return incident.Incident{}, err
			}
		}
	}
	return s.Store.UpdateIncident(ctx, inc, events)
}

// tickNext ticks the first undone checklist item, as someone on the
// incident page would.
func tickNext(ctx context.Context, st store.Store, id string) error {
	inc, err := st.GetIncident(ctx, 1, id)
	if err != nil {
		return err
	}
	inc.Details.Checklist = append([]incident.ChecklistItem(nil), inc.Details.Checklist...)
	for i := range inc.Details.Checklist {
		if !inc.Details.Checklist[i].Done {
			inc.Details.Checklist[i].Done = true
			break
		}
	}
	_, err = st.UpdateIncident(ctx, inc, nil)
	return err
}

func TestPostmortemSaveRetriesWhileOnlyTheIncidentMoved(t *testing.T) {
	for _, eng := range apitest.Engines {
		t.Run(eng.Name, func(t *testing.T) {
			setup := func(t *testing.T, left int, meanwhile func(context.Context, store.Store, string) error) (*apitest.Server, string, *interleaved) {
				a := apitest.NewOn(t, eng)
				id, _ := a.Declare(t, apitest.Editor, "Checkout 502s")
				w := &interleaved{Store: a.API.Store, left: left, meanwhile: meanwhile}
				a.API.Store = w
				return a, id, w
			}

			t.Run("checklist ticks land between read and write", func(t *testing.T) {
				a, id, _ := setup(t, 3, tickNext)
				if pm := savedPM(t, putPM(t, a, apitest.Editor, id, 0, "Mine")); pm.Version != 1 || pm.Doc.Summary != "Mine" {
					t.Fatalf("save: %+v", pm)
				}
				if n := len(doneItems(t, a, id)); n != 3 {
					t.Fatalf("want the 3 ticks kept beside the post-mortem, got %d", n)
				}
			})

			t.Run("another post-mortem save lands between read and write", func(t *testing.T) {
				a, id, _ := setup(t, 1, func(ctx context.Context, st store.Store, id string) error {
					inc, err := st.GetIncident(ctx, 1, id)
					if err != nil {
						return err
					}
					if inc.Details, err = postmortem.Store(inc.Details, postmortem.Doc{Summary: "Theirs"}); err != nil {
						return err
					}
					_, err = st.UpdateIncident(ctx, inc, nil)
					return err
				})
				if theirs := conflictPM(t, putPM(t, a, apitest.Editor, id, 0, "Mine")); theirs.Version != 1 || theirs.Doc.Summary != "Theirs" {
					t.Fatalf("error.current: %+v", theirs)
				}
				if got := getPM(t, a, id); got.Doc.Summary != "Theirs" {
					t.Fatalf("the stale save overwrote the other one: %+v", got)
				}
			})

			t.Run("an incident that never stops moving", func(t *testing.T) {
				a, id, w := setup(t, 1000, tickNext)
				if theirs := conflictPM(t, putPM(t, a, apitest.Editor, id, 0, "Mine")); theirs.Version != 0 || theirs.Saved {
					t.Fatalf("error.current: %+v", theirs)
				}
				if w.writes > 10 {
					t.Fatalf("the retries must be bounded: %d writes for one request", w.writes)
				}
			})
		})
	}
}
