package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

func openAt(ctx context.Context, path string) (store.Store, error) { return sqlite.Open(ctx, path) }

func TestMain(m *testing.M) {
	storetest.CrashChild(openAt)
	os.Exit(m.Run())
}

// openFresh gives each contract case its own file, in a directory that does
// not exist yet (Open creates it).
func openFresh(t *testing.T) store.Store {
	path := filepath.Join(t.TempDir(), "nested", "dir", "warroom.db")
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return withRaw(t, st, path)
}

func TestContract(t *testing.T) {
	storetest.Run(t, openFresh)
	storetest.RunSnapshots(t, openFresh)
}

func TestCrashDurability(t *testing.T) {
	storetest.RunCrash(t, filepath.Join(t.TempDir(), "warroom.db"), openAt, 40)
}

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
