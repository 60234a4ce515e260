package grpc

import (
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/go-hclog"
)

// testLogger routes go-plugin's and the plugin's log lines to t.Log, so a
// failing test shows what the back end said and a passing one stays quiet.
// Lines arriving after the test finished are dropped (t.Log would panic).
func testLogger(t *testing.T) hclog.Logger {
	w := &tWriter{t: t}
	t.Cleanup(w.close) // registered before the plugin's Close, so it runs after it
	return hclog.New(&hclog.LoggerOptions{Name: "plugin", Level: hclog.Info, Output: w})
}

type tWriter struct {
	mu   sync.Mutex
	t    *testing.T
	done bool
}

func (w *tWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

func (w *tWriter) close() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
}
