// Package testenv is the root of the harnesses that start real services for
// tests: PostgreSQL (testpg), Prometheus (testprom), moto (testmoto), the
// synthetic service fleet (synthetic) and crash children (crashchild), and
// the commands that start them for scripts (cmd/fleet, cmd/motoseed). This
// file holds what the harnesses share: a free (or a closed) loopback port and
// the end of a log for error messages.
package testenv

import (
	"fmt"
	"net"
	"os"
	"testing"
)

// FreePort asks the kernel for a free port on 127.0.0.1. Another process may
// take it before the server binds; harnesses retry on a bind failure.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// ClosedAddr is 127.0.0.1 on a port nobody listens on, for tests of
// "connection refused".
func ClosedAddr(t testing.TB) string {
	t.Helper()
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("127.0.0.1:%d", port)
}

// LogTail returns the last 4,000 bytes of a log file, or why it could not be
// read, for an error message.
func LogTail(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return "(" + err.Error() + ")"
	}
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}
