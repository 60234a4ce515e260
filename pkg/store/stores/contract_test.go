package stores_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

func TestMain(m *testing.M) {
	// The crash child only connects to the parent's cluster: it must not
	// start one of its own, so it branches off before testpg.
	storetest.CrashChild(openAt)
	testpg.Main(m)
}

// openAt opens the store at a location, as the crash child is handed it: a
// PostgreSQL DSN (a URL, or key=value pairs) or a SQLite path.
func openAt(ctx context.Context, location string) (store.Store, error) {
	if strings.Contains(location, "://") || strings.Contains(location, "=") {
		return stores.Open(ctx, store.Config{PostgresDSN: location})
	}
	return stores.Open(ctx, store.Config{SQLitePath: location})
}

// engine is where the contract and the benchmarks run.
type engine struct {
	name string
	// location is a place of its own: a SQLite file in a directory that does
	// not exist yet (Open creates it), a PostgreSQL database.
	location func(tb testing.TB) string
	// raw opens a second connection there, for storetest.RawExec.
	raw func(location string) (*sql.DB, error)
	// unsafe names the location for seeding benchmark data faster where
	// the engine allows it (PostgreSQL without synchronous commit).
	unsafe func(location string) string
}

var engines = []engine{{
	name:     "sqlite",
	location: func(tb testing.TB) string { return filepath.Join(tb.TempDir(), "nested", "dir", "warroom.db") },
	raw: func(path string) (*sql.DB, error) {
		return sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	},
	unsafe: func(path string) string { return path },
}, {
	name:     "postgres",
	location: func(tb testing.TB) string { return testpg.DSN(tb) },
	raw: func(dsn string) (*sql.DB, error) {
		cfg, err := pgx.ParseConfig(dsn)
		if err != nil {
			return nil, err
		}
		return stdlib.OpenDB(*cfg), nil
	},
	unsafe: func(dsn string) string { return dsn + "&synchronous_commit=off" },
}}

func TestContract(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) {
			openFresh := func(t *testing.T) store.Store {
				location := e.location(t)
				st, err := openAt(t.Context(), location)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				db, err := e.raw(location)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return rawStore{Store: st, db: db, location: location}
			}
			storetest.Run(t, openFresh)
			storetest.RunSnapshots(t, openFresh)
			storetest.RunAttach(t, openFresh)
		})
	}
}

func TestCrashDurability(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { storetest.RunCrash(t, e.location(t), openAt, 40) })
	}
}

// rawStore adds storetest.RawExec and RawQuery to a store: statements run on a
// connection of their own, bypassing the store's encoding, to write what an
// older release or a hand edit could have left.
type rawStore struct {
	store.Store
	db       *sql.DB
	location string
}

// OpenAgain opens a second store on the same database
// (storetest.Reopener), as another back end would.
func (r rawStore) OpenAgain(ctx context.Context) (store.Store, error) {
	return openAt(ctx, r.location)
}

func (r rawStore) ExecRaw(ctx context.Context, query string) error {
	_, err := r.db.ExecContext(ctx, query)
	return err
}

func (r rawStore) QueryRaw(ctx context.Context, query string) (string, error) {
	var out string
	err := r.db.QueryRowContext(ctx, query).Scan(&out)
	return out, err
}
