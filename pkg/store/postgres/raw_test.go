package postgres_test

import (
	"context"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// rawStore adds storetest.RawExec to a store: statements run on a
// connection of their own, bypassing the store's encoding, to write what
// an older release or a hand edit could have left.
type rawStore struct {
	store.Store
	dsn string
}

func (r rawStore) ExecRaw(ctx context.Context, query string) error {
	conn, err := pgx.Connect(ctx, r.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, query)
	return err
}
