package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
)

// The contract suite runs on this engine from package stores.

// Reopening a migrated file applies nothing twice and keeps the data.
func TestReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "warroom.db")
	for i := range 3 {
		st, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatalf("open #%d: %v", i+1, err)
		}
		page, err := st.ListIncidents(t.Context(), 1, store.Filter{})
		if err != nil || page.Total != i {
			t.Fatalf("open #%d: total %d, %v; want %d", i+1, page.Total, err, i)
		}
		if _, err := st.CreateIncident(t.Context(), 1, store.NewIncident{Title: "x", At: time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)}, nil); err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
}
