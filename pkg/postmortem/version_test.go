package postmortem

import (
	"encoding/json"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func TestVersionOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    incident.Details
		want int64
	}{
		{"never saved", incident.Details{}, 0},
		{"saved before versions existed", incident.Details{Postmortem: json.RawMessage(`{"summary":"s"}`)}, 1},
		{"saved with a version", incident.Details{Postmortem: json.RawMessage(`{}`), PostmortemVersion: 4}, 4},
	} {
		if got := VersionOf(tc.d); got != tc.want {
			t.Errorf("%s: version %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestStoreIsTheNextVersion(t *testing.T) {
	old := incident.Details{Postmortem: json.RawMessage(`{"summary":"old"}`)}
	d, err := Store(old, Doc{Summary: "new"})
	if err != nil {
		t.Fatal(err)
	}
	if d.PostmortemVersion != 2 {
		t.Fatalf("version %d after a legacy document (1), want 2", d.PostmortemVersion)
	}
	doc, saved, err := Stored(incident.Incident{Details: d})
	if err != nil || !saved || doc.Summary != "new" {
		t.Fatalf("stored: %+v %v %v", doc, saved, err)
	}
	if string(old.Postmortem) != `{"summary":"old"}` {
		t.Fatal("Store changed the details it was given")
	}
}
