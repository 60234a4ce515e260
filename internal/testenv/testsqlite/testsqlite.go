// Package testsqlite opens a SQLite store in a test's temporary directory,
// closed when the test ends: the store tests of packages above pkg/store
// run against.
package testsqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// Open is a new, empty store of its own.
func Open(t testing.TB) *sqlstore.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "warroom.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}
