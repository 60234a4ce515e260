// Package stores opens the store a configuration names: PostgreSQL when it
// has a DSN, otherwise the SQLite file. It is the one place that knows both
// engines, so the binary links them by calling it, not by blank imports.
package stores

import (
	"context"

	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// Open opens a private store for cfg. Plugin instances use Acquire instead.
func Open(ctx context.Context, cfg store.Config) (store.Store, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	var (
		st  *sqlstore.Store
		err error
	)
	switch cfg.Kind() {
	case "postgres":
		st, err = postgres.Open(ctx, cfg.PostgresDSN)
	default:
		st, err = sqlite.Open(ctx, cfg.SQLitePath)
	}
	if err != nil {
		return nil, err // not a typed nil inside a non-nil store.Store
	}
	return st, nil
}

// Acquire returns a handle on the one store of cfg's location in this
// process (store.Acquire), opened by Open.
func Acquire(ctx context.Context, cfg store.Config) (store.Store, func(), error) {
	return store.Acquire(ctx, cfg, Open)
}
