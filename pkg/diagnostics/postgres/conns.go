package postgres

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"

	"github.com/jackc/pgx/v5"
)

// DefaultMaxConnsPerTarget is how many connections the whole process opens
// to one PostgreSQL target at once: every check of every run and the
// remediation share them, so a burst of runs during a connection-exhaustion
// incident takes two more slots from the server, not twenty.
const DefaultMaxConnsPerTarget = 2

// ApplicationName names the sessions diagnostics open, so that they can be
// told apart in pg_stat_activity (and are not mistaken for the leak). A DSN
// that sets application_name keeps its own.
const ApplicationName = "warroom-diagnostics"

// Targets bounds the connections per target DSN. The zero value allows
// DefaultMaxConnsPerTarget.
type Targets struct {
	MaxPerTarget int

	mu    sync.Mutex
	slots map[[32]byte]*targetSlots // keyed by the DSN's hash: the DSN is a secret
}

type targetSlots struct {
	sem   chan struct{}
	users int // holders and waiters; the entry goes when it drops to 0
}

var processTargets = &Targets{}

// ProcessTargets is the bound every check and remediation of the process uses.
func ProcessTargets() *Targets { return processTargets }

// ErrNoConnectionSlot says why a check gave up before connecting: the
// target's slots stayed taken until its deadline. It names no host or
// database.
var ErrNoConnectionSlot = errors.New("no free diagnostics connection to this database in time: other checks held the " +
	"process's connections to it")

// Connect waits for one of the target's slots, then connects with the
// diagnostics application_name. close ends the connection and frees the
// slot; it is nil when err is not.
func (ts *Targets) Connect(ctx context.Context, dsn string) (conn *pgx.Conn, closeConn func(), err error) {
	release, err := ts.acquire(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		release()
		return nil, nil, err
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = ApplicationName
	}
	conn, err = pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		release()
		return nil, nil, err
	}
	return conn, func() {
		_ = conn.Close(context.WithoutCancel(ctx))
		release()
	}, nil
}

func (ts *Targets) acquire(ctx context.Context, dsn string) (func(), error) {
	key := sha256.Sum256([]byte(dsn))
	ts.mu.Lock()
	if ts.slots == nil {
		ts.slots = map[[32]byte]*targetSlots{}
	}
	s := ts.slots[key]
	if s == nil {
		n := ts.MaxPerTarget
		if n <= 0 {
			n = DefaultMaxConnsPerTarget
		}
		s = &targetSlots{sem: make(chan struct{}, n)}
		ts.slots[key] = s
	}
	s.users++
	ts.mu.Unlock()
	forget := func() {
		ts.mu.Lock()
		if s.users--; s.users == 0 {
			delete(ts.slots, key)
		}
		ts.mu.Unlock()
	}
	select {
	case s.sem <- struct{}{}:
		return func() { <-s.sem; forget() }, nil
	case <-ctx.Done():
		forget()
		return nil, &SafeError{Msg: ErrNoConnectionSlot.Error(), err: fmt.Errorf("%w: %w", ErrNoConnectionSlot, ctx.Err())}
	}
}

// InUse reports the connections held to dsn's target and the checks
// waiting for one (for tests and logs).
func (ts *Targets) InUse(dsn string) (held, waiting int) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	s := ts.slots[sha256.Sum256([]byte(dsn))]
	if s == nil {
		return 0, 0
	}
	return len(s.sem), s.users - len(s.sem)
}
