package postmortemstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Each save moves the post-mortem's own version; a save of an older
// version is stale and carries the incident whose document won.
func TestSaveVersionsThePostmortem(t *testing.T) {
	ctx := context.Background()
	st := testsqlite.Open(t)
	now := func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }
	inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "checkout down", Severity: incident.P2, Status: incident.Resolved,
		Author: "ada", At: now().Add(-time.Hour)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	before, err := Read(ctx, st, inc, now())
	if err != nil || before.Saved || before.Version != 0 {
		t.Fatalf("before the first save: %+v %v", before, err)
	}
	first, err := Save(ctx, st, 1, inc.ID, "ada", 0, postmortem.Doc{Summary: "Mine"}, now)
	if err != nil || !first.Saved || first.Version != 1 || first.SavedBy != "ada" || first.Doc.Summary != "Mine" {
		t.Fatalf("first save: %+v %v", first, err)
	}
	_, err = Save(ctx, st, 1, inc.ID, "eddie", 0, postmortem.Doc{Summary: "Theirs"}, now)
	var stale *StaleError
	if !errors.As(err, &stale) || postmortem.VersionOf(stale.Current.Details) != 1 {
		t.Fatalf("stale save: %v", err)
	}
	current, err := Read(ctx, st, stale.Current, now())
	if err != nil || current.Doc.Summary != "Mine" || !current.Saved {
		t.Fatalf("the stale save changed the document: %+v %v", current, err)
	}
}
