package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Config says where the store lives: PostgreSQL when PostgresDSN is set,
// otherwise the SQLite file at SQLitePath.
type Config struct {
	PostgresDSN string
	SQLitePath  string
}

// Kind is "postgres" or "sqlite", the implementation stores.Open picks for c.
func (c Config) Kind() string {
	if c.PostgresDSN != "" {
		return "postgres"
	}
	return "sqlite"
}

// Validate reports a config that names no location.
func (c Config) Validate() error {
	_, err := c.key()
	return err
}

// key identifies one location, so two configs naming the same file share it.
func (c Config) key() (string, error) {
	if c.PostgresDSN != "" {
		return "postgres\x00" + c.PostgresDSN, nil
	}
	if c.SQLitePath == "" {
		return "", errors.New("store: neither a PostgreSQL DSN nor a SQLite path is configured")
	}
	abs, err := filepath.Abs(c.SQLitePath)
	if err != nil {
		return "", fmt.Errorf("store: resolve the SQLite path: %w", err)
	}
	return "sqlite\x00" + abs, nil
}

// Opener opens one implementation; package stores has the one that picks
// the implementation cfg names.
type Opener func(ctx context.Context, cfg Config) (Store, error)

// ErrDataDir wraps the error of an implementation that cannot create or
// write its data directory, so the caller can name the setting to change.
var ErrDataDir = errors.New("store: the data directory cannot be created")

// shared is one open store and how many handles use it.
type shared struct {
	ready chan struct{} // closed when st/err are set
	st    Store
	err   error
	refs  int // guarded by sharedMu
}

var (
	sharedMu sync.Mutex
	sharedBy = map[string]*shared{}
)

// Acquire returns a handle on the one store of cfg's location in this
// process, opening it with open on first use (stores.Acquire passes the
// opener of both engines). Grafana runs one plugin instance per org
// in the same process, and two connections pools on one SQLite file would
// defeat its single-writer design, so instances share. release (also the
// handle's Close) drops the reference; the last one closes the store. Both
// are idempotent.
func Acquire(ctx context.Context, cfg Config, open Opener) (Store, func(), error) {
	key, err := cfg.key()
	if err != nil {
		return nil, nil, err
	}
	sharedMu.Lock()
	s := sharedBy[key]
	if s == nil {
		s = &shared{ready: make(chan struct{})}
		sharedBy[key] = s
		s.refs++
		sharedMu.Unlock()
		// Opened outside the lock: a slow PostgreSQL must not block
		// instances that use other locations.
		s.st, s.err = open(ctx, cfg)
		if s.err != nil {
			// An implementation may return a typed nil with its error; closing
			// that later would panic the whole plugin process.
			s.st = nil
		}
		close(s.ready)
	} else {
		s.refs++
		sharedMu.Unlock()
		select {
		case <-s.ready:
		case <-ctx.Done():
			unref(key, s)
			return nil, nil, ctx.Err()
		}
	}
	if s.err != nil {
		unref(key, s)
		return nil, nil, s.err
	}
	h := &handle{st: s.st}
	var once sync.Once
	h.release = func() {
		once.Do(func() {
			h.closed.Store(true)
			unref(key, s)
		})
	}
	return h, h.release, nil
}

// unref drops one reference and closes the store with the last one. The
// close runs under the lock, so a concurrent Acquire of the same location
// opens a new store only after the old one is fully closed.
func unref(key string, s *shared) {
	sharedMu.Lock()
	defer sharedMu.Unlock()
	s.refs--
	if s.refs > 0 {
		return
	}
	if sharedBy[key] == s {
		delete(sharedBy, key)
	}
	if s.st != nil {
		_ = s.st.Close() // nothing is left to report a close error to
	}
}

var errReleased = errors.New("store: handle already released")

// handle is one instance's view of a shared store. After Close it fails every
// call instead of reaching a store that other instances may still use.
type handle struct {
	st      Store
	closed  atomic.Bool
	release func()
}

func (h *handle) check() error {
	if h.closed.Load() {
		return errReleased
	}
	return nil
}

func (h *handle) CreateIncident(ctx context.Context, orgID int64, n NewIncident, events []NewEvent) (incident.Incident, error) {
	if err := h.check(); err != nil {
		return incident.Incident{}, err
	}
	return h.st.CreateIncident(ctx, orgID, n, events)
}

func (h *handle) GetIncident(ctx context.Context, orgID int64, id string) (incident.Incident, error) {
	if err := h.check(); err != nil {
		return incident.Incident{}, err
	}
	return h.st.GetIncident(ctx, orgID, id)
}

func (h *handle) ListIncidents(ctx context.Context, orgID int64, f Filter) (Page, error) {
	if err := h.check(); err != nil {
		return Page{}, err
	}
	return h.st.ListIncidents(ctx, orgID, f)
}

func (h *handle) UrgentIncidents(ctx context.Context, orgID int64, q UrgentQuery) (Page, error) {
	if err := h.check(); err != nil {
		return Page{}, err
	}
	return h.st.UrgentIncidents(ctx, orgID, q)
}

func (h *handle) UpdateIncident(ctx context.Context, inc incident.Incident, events []NewEvent) (incident.Incident, error) {
	if err := h.check(); err != nil {
		return incident.Incident{}, err
	}
	return h.st.UpdateIncident(ctx, inc, events)
}

func (h *handle) AppendEvents(ctx context.Context, orgID int64, incidentID string, events []NewEvent) ([]incident.Event, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.AppendEvents(ctx, orgID, incidentID, events)
}

func (h *handle) ListEvents(ctx context.Context, orgID int64, incidentID string, afterSeq int64) ([]incident.Event, error) {
	if err := h.check(); err != nil {
		return nil, err
	}
	return h.st.ListEvents(ctx, orgID, incidentID, afterSeq)
}

func (h *handle) LatestPolicy(ctx context.Context, orgID int64) (PolicyRecord, error) {
	if err := h.check(); err != nil {
		return PolicyRecord{}, err
	}
	return h.st.LatestPolicy(ctx, orgID)
}

func (h *handle) PolicyVersion(ctx context.Context, orgID int64, version int) (PolicyRecord, error) {
	if err := h.check(); err != nil {
		return PolicyRecord{}, err
	}
	return h.st.PolicyVersion(ctx, orgID, version)
}

func (h *handle) SavePolicy(ctx context.Context, orgID int64, expected int, body []byte, author string, at time.Time) (PolicyRecord, error) {
	if err := h.check(); err != nil {
		return PolicyRecord{}, err
	}
	return h.st.SavePolicy(ctx, orgID, expected, body, author, at)
}

func (h *handle) IncidentByKey(ctx context.Context, orgID int64, key string) (incident.Incident, error) {
	if err := h.check(); err != nil {
		return incident.Incident{}, err
	}
	return h.st.IncidentByKey(ctx, orgID, key)
}

func (h *handle) ReleaseKey(ctx context.Context, orgID int64, key, incidentID string) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.ReleaseKey(ctx, orgID, key, incidentID)
}

func (h *handle) Ping(ctx context.Context) error {
	if err := h.check(); err != nil {
		return err
	}
	return h.st.Ping(ctx)
}

// Close releases this handle (same as the release func of Acquire).
func (h *handle) Close() error {
	h.release()
	return nil
}
