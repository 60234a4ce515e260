package timeline

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/testsqlite"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

func TestClipKeepsShortTextAndMarksTheCut(t *testing.T) {
	if got := Clip("  short  ", 10); got != "short" {
		t.Errorf("short text: %q", got)
	}
	if got := Clip("ééééé", 5); got != "ééééé" {
		t.Errorf("at the limit, counted in characters: %q", got)
	}
	if got := Clip("abcdefgh", 5); got != "abcd…" {
		t.Errorf("over the limit: %q", got)
	}
	reasons := make([]string, incident.MaxReasons+3)
	for i := range reasons {
		reasons[i] = strings.Repeat("r", incident.MaxReasonLen+1)
	}
	got := ClipReasons(reasons)
	if len(got) != incident.MaxReasons || len([]rune(got[0])) != incident.MaxReasonLen {
		t.Errorf("%d reasons of %d characters", len(got), len([]rune(got[0])))
	}
}

func TestAppendToOpenRefusesAResolvedIncident(t *testing.T) {
	ctx := context.Background()
	st := testsqlite.Open(t)
	now := time.Now().UTC()
	open := func(status incident.Status) string {
		inc, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: "t", Severity: incident.P3, Status: status, Author: "ada", At: now}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return inc.ID
	}
	note := incident.Event{Kind: incident.EventNote, Author: "ada", At: now, Payload: map[string]any{"text": "looking"}}
	saved, err := AppendToOpen(ctx, st, 1, open(incident.Investigating), note)
	if err != nil || saved.Seq == 0 || saved.Payload["text"] != "looking" {
		t.Fatalf("open incident: %+v %v", saved, err)
	}
	if _, err := AppendToOpen(ctx, st, 1, open(incident.Resolved), note); !errors.Is(err, incident.ErrResolved) {
		t.Fatalf("resolved incident: %v, want ErrResolved", err)
	}
	if _, err := AppendToOpen(ctx, st, 1, "INC-none", note); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("no incident: %v, want ErrNotFound", err)
	}
}
