package postgres

import "context"

// ExecRaw runs a statement on the pool, bypassing the store's encoding:
// the contract suite (storetest.RawExec) writes what an older release or a
// hand edit could have left. A _test.go file, so production builds lack it.
func (s *Store) ExecRaw(ctx context.Context, query string) error {
	_, err := s.pool.Exec(ctx, query)
	return err
}
