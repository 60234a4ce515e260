package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Feed carries the announcements of writes between the processes that share
// a database (PostgreSQL's LISTEN/NOTIFY); SQLite has none, its file has one
// owner.
type Feed interface {
	// NotifySQL sends (channel, payload) to every listener when the write
	// transaction it runs in commits, and never if it rolls back.
	NotifySQL() string
	// Listen calls fn with every payload sent to channel, by any process,
	// until ctx ends or the connection fails; ready once it listens.
	Listen(ctx context.Context, channel string, ready func(), fn func(payload string)) error
}

// changesChannel is the NOTIFY channel of incident marks.
const changesChannel = "warroom_incident_changes"

// touched collects the incidents a write transaction changed, in order,
// each once; announce reads their marks before the commit.
type touched struct {
	keys []store.Cursor
	seen map[store.Cursor]bool
}

// touch records that the transaction changed the incident; a no-op outside
// a write transaction.
func (t dbtx) touch(orgID int64, id string) {
	if t.touched == nil {
		return
	}
	k := store.Cursor{OrgID: orgID, ID: id}
	if t.touched.seen[k] {
		return
	}
	if t.touched.seen == nil {
		t.touched.seen = map[store.Cursor]bool{}
	}
	t.touched.seen[k] = true
	t.touched.keys = append(t.touched.keys, k)
}

// markSQL reads one incident's mark: two lookups on primary keys.
const markSQL = `SELECT i.org_id, i.id, i.version,
	COALESCE((SELECT MAX(seq) FROM events e WHERE e.org_id = i.org_id AND e.incident_id = i.id), 0)
	FROM incidents i`

// announce reads the marks of the incidents the transaction changed and,
// with a feed, sends them in the same transaction, so listeners hear of
// exactly the writes that commit.
func (s *Store) announce(ctx context.Context, tx dbtx) ([]store.Mark, error) {
	if tx.touched == nil || len(tx.touched.keys) == 0 {
		return nil, nil
	}
	marks := make([]store.Mark, 0, len(tx.touched.keys))
	for _, k := range tx.touched.keys {
		var m store.Mark
		if err := tx.row(ctx, markSQL+` WHERE i.org_id = ? AND i.id = ?`, k.OrgID, k.ID).
			Scan(&m.OrgID, &m.ID, &m.Version, &m.LastSeq); err != nil {
			return nil, fmt.Errorf("read mark of %s: %w", k.ID, err)
		}
		if s.feed != nil {
			if _, err := tx.exec(ctx, s.feed.NotifySQL(), changesChannel, formatMark(m)); err != nil {
				return nil, fmt.Errorf("announce %s: %w", k.ID, err)
			}
		}
		marks = append(marks, m)
	}
	return marks, nil
}

// Marks reads many incidents' marks, store.BatchIDs per query.
func (s *Store) Marks(ctx context.Context, keys []store.Cursor) (map[store.Cursor]store.Mark, error) {
	out := make(map[store.Cursor]store.Mark, len(keys))
	for len(keys) > 0 {
		batch := keys[:min(len(keys), store.BatchIDs)]
		keys = keys[len(batch):]
		args := make([]any, 0, 2*len(batch))
		for _, k := range batch {
			args = append(args, k.OrgID, k.ID)
		}
		// The cast types the org column for PostgreSQL, which would take
		// an untyped parameter of VALUES for text.
		row := `(CAST(? AS ` + s.d.Words().Int + `), ?)`
		err := eachRow(ctx, s.readDB(), markSQL+` WHERE (i.org_id, i.id) IN (VALUES `+row+strings.Repeat(`, `+row, len(batch)-1)+`)`,
			args, func(rows *sql.Rows) error {
				var m store.Mark
				if err := rows.Scan(&m.OrgID, &m.ID, &m.Version, &m.LastSeq); err != nil {
					return err
				}
				out[m.Key()] = m
				return nil
			})
		if err != nil {
			return nil, s.fail("marks", err)
		}
	}
	return out, nil
}

// Changes hears this process's writes from the store itself and, with a
// feed, every process's from the database.
func (s *Store) Changes(ctx context.Context, ready func(), fn func(store.Mark)) error {
	defer s.listeners.add(fn)()
	if s.feed == nil {
		ready()
		<-ctx.Done()
		return nil
	}
	err := s.feed.Listen(ctx, changesChannel, ready, func(payload string) {
		if m, ok := parseMark(payload); ok {
			fn(m)
		}
	})
	if ctx.Err() != nil {
		return nil
	}
	return s.fail("listen for changes", err)
}

// listeners are the Changes callers of this process.
type listeners struct {
	mu   sync.RWMutex
	next int
	fns  map[int]func(store.Mark)
}

func (l *listeners) add(fn func(store.Mark)) (remove func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fns == nil {
		l.fns = map[int]func(store.Mark){}
	}
	id := l.next
	l.next++
	l.fns[id] = fn
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.fns, id)
	}
}

// publish hands committed marks to this process's listeners.
func (l *listeners) publish(marks []store.Mark) {
	if len(marks) == 0 {
		return
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	for _, fn := range l.fns {
		for _, m := range marks {
			fn(m)
		}
	}
}

// formatMark is the NOTIFY payload: "org id version lastSeq" (an incident
// id has no spaces).
func formatMark(m store.Mark) string {
	return fmt.Sprintf("%d %s %d %d", m.OrgID, m.ID, m.Version, m.LastSeq)
}

func parseMark(payload string) (store.Mark, bool) {
	f := strings.Fields(payload)
	if len(f) != 4 {
		return store.Mark{}, false
	}
	org, err1 := strconv.ParseInt(f[0], 10, 64)
	version, err2 := strconv.ParseInt(f[2], 10, 64)
	last, err3 := strconv.ParseInt(f[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil {
		return store.Mark{}, false
	}
	return store.Mark{OrgID: org, ID: f[1], Version: version, LastSeq: last}, true
}
