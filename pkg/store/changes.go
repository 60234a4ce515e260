package store

import "context"

// Changes tells the live stream which incidents changed without a query
// per subscriber: every write of an incident or its timeline announces the
// incident's new Mark, and one watcher per store per process (package
// live) fans the announcements out.
type Changes interface {
	// Marks reads where each incident of keys stands, BatchIDs keys per
	// query, whatever the orgs. A key of no incident has no entry.
	Marks(ctx context.Context, keys []Cursor) (map[Cursor]Mark, error)
	// Changes calls fn with the Mark of every incident a committed write
	// changed, in the order the writes committed, until ctx ends (nil) or
	// the feed breaks (its error; call again to listen again). ready is
	// called once the feed is up. On PostgreSQL the feed carries the writes
	// of every process on the database (LISTEN/NOTIFY); on SQLite, whose
	// file one process owns, this process's writes only, so a caller that
	// must also see another process's writes polls Marks now and then. fn
	// may be called from several goroutines at once (this process's writes
	// and the database's feed), late marks after newer ones included
	// (Mark.Behind), and must not block.
	Changes(ctx context.Context, ready func(), fn func(Mark)) error
}

// Mark is what a live subscriber needs to know to refetch: the incident's
// version and the seq of its last timeline event (notes and status updates
// append events without changing the version). Both only grow, so of two
// marks of one incident the later one is never behind in either.
type Mark struct {
	OrgID   int64
	ID      string
	Version int64
	LastSeq int64
}

// Key is the incident the mark is of.
func (m Mark) Key() Cursor { return Cursor{OrgID: m.OrgID, ID: m.ID} }

// Behind reports whether m is older than other: a mark delivered late (by a
// second feed, or after a poll read a newer one) is dropped.
func (m Mark) Behind(other Mark) bool {
	return m.Version < other.Version || m.LastSeq < other.LastSeq
}

func (h *handle) Marks(ctx context.Context, keys []Cursor) (map[Cursor]Mark, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.Marks(ctx, keys)
}

func (h *handle) Changes(ctx context.Context, ready func(), fn func(Mark)) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.Changes(ctx, ready, fn)
}
