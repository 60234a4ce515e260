package sqlite

import "context"

// OpenUnsafe opens without fsync on commit, only to seed benchmark data fast.
func OpenUnsafe(ctx context.Context, path string) (*Store, error) { return open(ctx, path, "OFF") }
