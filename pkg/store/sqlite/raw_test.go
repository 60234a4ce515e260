package sqlite

import "context"

// ExecRaw runs a statement on the writer, bypassing the store's encoding:
// the contract suite (storetest.RawExec) writes what an older release or a
// hand edit could have left. A _test.go file, so production builds lack it.
func (s *Store) ExecRaw(ctx context.Context, query string) error {
	_, err := s.writer.ExecContext(ctx, query)
	return err
}
