// Package ha proves the scheduler and the outbox in Grafana HA: several
// back-end processes (this test binary re-executed as nodes) on one real
// PostgreSQL, all reading one driven clock from a table the test advances.
package ha

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/notify"
	"github.com/warroom/warroom-incident-app/pkg/oncall/roster"
	"github.com/warroom/warroom-incident-app/pkg/outbox"
	"github.com/warroom/warroom-incident-app/pkg/scheduler"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
)

// Node environment: a re-executed test binary with envNode set is a node.
const (
	envNode = "WARROOM_HA_NODE" // node name; its presence makes the process a node
	envMode = "WARROOM_HA_MODE" // "schedule" or "deliver"
	envDSN  = "WARROOM_HA_DSN"
	envHook = "WARROOM_HA_HOOK" // deliver: receiver URL
	envKey  = "WARROOM_HA_KEY"  // deliver: HMAC secret
	envSMTP = "WARROOM_HA_SMTP" // page: the mail relay's host:port
)

func TestMain(m *testing.M) {
	// A node only connects to the parent's cluster: it branches off before
	// testpg could start one of its own.
	if name := os.Getenv(envNode); name != "" {
		if err := runNode(name); err != nil {
			fmt.Fprintf(os.Stderr, "node %s: %v\n", name, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	testpg.Main(m)
}

// The driven clock and each node's progress live in the test's database.
const clockSchema = `
CREATE TABLE ha_clock (now_at timestamptz NOT NULL, stop boolean NOT NULL DEFAULT false);
CREATE TABLE ha_progress (node text PRIMARY KEY, at timestamptz NOT NULL, fired integer NOT NULL DEFAULT 0, delivered integer NOT NULL DEFAULT 0);`

// runNode ticks (schedule) or delivers (deliver) once per clock value until
// the test sets stop, recording after each pass the clock value it used.
func runNode(name string) error {
	ctx := context.Background()
	dsn := os.Getenv(envDSN)
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	sched := &scheduler.Scheduler{Store: st, PageSize: 40} // small pages: more interleaving
	var worker *outbox.Worker
	if os.Getenv(envMode) == "page" {
		// A whole back end: the scheduler pages through the roster, the
		// outbox delivers through the pager (oncall_test.go).
		sched.Roster = roster.Roster{Store: st}
		worker = pagingWorker(name, st, os.Getenv(envSMTP))
	} else if os.Getenv(envMode) == "deliver" {
		dir := &outbox.Directory{}
		dir.Set(1, outbox.Org{Channels: []notify.Channel{{ID: "hook", Name: "hook", Kind: notify.KindWebhook,
			URL: os.Getenv(envHook), Secret: os.Getenv(envKey)}}})
		// One row per pass, so that concurrent nodes interleave.
		worker = &outbox.Worker{Store: st, Directory: dir, Owner: name, Lease: time.Minute, Parallel: 1, Sender: notify.Sender{Timeout: 5 * time.Second}}
	}
	var last time.Time
	for {
		var now time.Time
		var stop bool
		if err := conn.QueryRow(ctx, `SELECT now_at, stop FROM ha_clock`).Scan(&now, &stop); err != nil {
			return err
		}
		if stop {
			return nil
		}
		if now.Equal(last) {
			time.Sleep(5 * time.Millisecond)
			continue
		}
		fired, delivered := 0, 0
		if os.Getenv(envMode) == "page" {
			s, err := sched.Tick(ctx, now)
			if err != nil {
				fmt.Fprintf(os.Stderr, "node %s: tick: %v\n", name, err)
				continue
			}
			fired = s.Fired
		}
		if worker != nil {
			s, err := worker.RunOnce(ctx, now)
			if err != nil {
				fmt.Fprintf(os.Stderr, "node %s: deliver: %v\n", name, err)
				continue
			}
			delivered = s.Delivered
		} else {
			s, err := sched.Tick(ctx, now)
			if err != nil {
				fmt.Fprintf(os.Stderr, "node %s: tick: %v\n", name, err)
				continue
			}
			fired = s.Fired
		}
		if _, err := conn.Exec(ctx, `INSERT INTO ha_progress (node, at, fired, delivered) VALUES ($1, $2, $3, $4)
			ON CONFLICT (node) DO UPDATE SET at = EXCLUDED.at, fired = ha_progress.fired + EXCLUDED.fired,
			delivered = ha_progress.delivered + EXCLUDED.delivered`, name, now, fired, delivered); err != nil {
			return err
		}
		last = now
	}
}

// node is a running node process.
type node struct {
	name string
	cmd  *exec.Cmd
	done chan error
}

func startNode(t *testing.T, name, mode, dsn string, extraEnv ...string) *node {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envNode+"="+name, envMode+"="+mode, envDSN+"="+dsn)
	cmd.Env = append(cmd.Env, extraEnv...)
	cmd.Stderr = testWriter{t, name}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := &node{name: name, cmd: cmd, done: make(chan error, 1)}
	go func() { n.done <- cmd.Wait() }()
	t.Cleanup(func() { n.kill() })
	return n
}

// kill is SIGKILL: no deferred code, no graceful shutdown.
func (n *node) kill() {
	if n.cmd.ProcessState == nil {
		_ = n.cmd.Process.Signal(syscall.SIGKILL)
		<-n.done //nolint:errcheck // "signal: killed", as asked
	}
}

// wait waits for the node to leave by itself (harness.stop) and fails the
// test unless it exited cleanly.
func (n *node) wait(t *testing.T) {
	t.Helper()
	if err := <-n.done; err != nil {
		t.Errorf("node %s: %v", n.name, err)
	}
}

type testWriter struct {
	t    *testing.T
	name string
}

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Logf("[%s] %s", w.name, p)
	return len(p), nil
}

// harness drives the clock of one test database.
type harness struct {
	t    *testing.T
	conn *pgx.Conn
}

func newHarness(t *testing.T, dsn string, start time.Time) *harness {
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(t.Context(), clockSchema); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(t.Context(), `INSERT INTO ha_clock (now_at) VALUES ($1)`, start); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, conn: conn}
}

func (h *harness) set(at time.Time) {
	if _, err := h.conn.Exec(h.t.Context(), `UPDATE ha_clock SET now_at = $1`, at); err != nil {
		h.t.Fatal(err)
	}
}

func (h *harness) stop() {
	if _, err := h.conn.Exec(h.t.Context(), `UPDATE ha_clock SET stop = true`); err != nil {
		h.t.Fatal(err)
	}
}

// waitFor blocks until every named node has finished a pass at a clock
// value of at least at.
func (h *harness) waitFor(at time.Time, names ...string) {
	h.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		if err := h.conn.QueryRow(h.t.Context(), `SELECT count(*) FROM ha_progress WHERE node = ANY($1) AND at >= $2`, names, at).Scan(&n); err != nil {
			h.t.Fatal(err)
		}
		if n == len(names) {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("nodes %v did not finish a pass at %s within 60s", names, at.Format(time.TimeOnly))
		}
		time.Sleep(3 * time.Millisecond)
	}
}

func (h *harness) counter(node, column string) int {
	var n int
	_ = h.conn.QueryRow(h.t.Context(), `SELECT `+column+` FROM ha_progress WHERE node = $1`, node).Scan(&n)
	return n
}
