package sqlite

import (
	"context"

	"github.com/warroom/warroom-incident-app/pkg/store/sqlstore"
)

// OpenUnsafe opens without fsync on commit, only to seed benchmark data fast.
func OpenUnsafe(ctx context.Context, path string) (*sqlstore.Store, error) {
	return open(ctx, path, "OFF")
}
