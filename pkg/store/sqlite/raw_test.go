package sqlite_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// rawStore adds storetest.RawExec to a store: statements run on a
// connection of their own to the file, bypassing the store's encoding, to
// write what an older release or a hand edit could have left.
type rawStore struct {
	store.Store
	db *sql.DB
}

func withRaw(t *testing.T, st store.Store, path string) rawStore {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return rawStore{Store: st, db: db}
}

func (r rawStore) ExecRaw(ctx context.Context, query string) error {
	_, err := r.db.ExecContext(ctx, query)
	return err
}
