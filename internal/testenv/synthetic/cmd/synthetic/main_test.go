package main

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The test binary doubles as the command: with this variable set it runs
// main instead of the tests, so the test drives the real process.
const runMain = "WARROOM_SYNTHETIC_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMain) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// A browser test script starts the command on port 0, reads the address
// from its first line, scrapes it and stops it with SIGTERM.
func TestCommand(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-addr", "127.0.0.1:0", "-profile", "checkout=20,0.2,800ms", "-profile", "cart=5,0,50ms")
	cmd.Env = append(os.Environ(), runMain+"=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // no-op once it has exited
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "synthetic listening on http://127.0.0.1:") {
		t.Fatalf("first line %q (%v), stderr %s", line, err, stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, out); done <- cmd.Wait() }()
	base := strings.TrimSpace(strings.TrimPrefix(line, "synthetic listening on "))

	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`http_requests_total{service="checkout",status="500"}`, `http_request_duration_seconds_bucket{service="cart",le="0.05"}`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s:\n%s", want, body)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("exit after SIGTERM: %v, stderr %s", err, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("still running 10s after SIGTERM")
	}
}

func TestBadProfileFlagFails(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-profile", "checkout=20")
	cmd.Env = append(os.Environ(), runMain+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "name=rps,errorRatio,latency") {
		t.Fatalf("exit %v, output %s: want a failure explaining the flag", err, out)
	}
}
