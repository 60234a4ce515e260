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

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/internal/testenv/testprom"
)

// The test binary doubles as the command: with this variable set it runs
// main instead of the tests, so the test drives the real process.
const runMain = "WARROOM_FLEET_RUN_MAIN"

func TestMain(m *testing.M) { testenv.MainOrTests(m, runMain, main) }

// A script starts the command, reads both URLs from its output, finds the
// fleet's and Prometheus's own series in Prometheus, and stops it: the script
// with SIGTERM, a parent process by closing stdin, a pipe from Go or a socket
// from Node (Playwright). Each stops Prometheus too.
func TestCommand(t *testing.T) {
	sigterm := func(cmd *exec.Cmd, _ io.Closer) error { return cmd.Process.Signal(syscall.SIGTERM) }
	closeStdin := func(_ *exec.Cmd, stdin io.Closer) error { return stdin.Close() }
	for name, c := range map[string]struct {
		stdin func(t *testing.T, cmd *exec.Cmd) io.Closer
		stop  func(cmd *exec.Cmd, stdin io.Closer) error
	}{
		"SIGTERM":             {pipeStdin, sigterm},
		"stdin pipe closed":   {pipeStdin, closeStdin},
		"stdin socket closed": {socketStdin, closeStdin},
	} {
		t.Run(name, func(t *testing.T) {
			cmd := testenv.SelfCommand(runMain, "-profile", "checkout=20,0.2,800ms", "-profile", "cart=5,0,50ms")
			stdin := c.stdin(t, cmd)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill() }) // no-op once it has exited
			printed := map[string]string{}
			lines := bufio.NewReader(out)
			for _, want := range []string{"SYNTHETIC_URL", "PROMETHEUS_LOG", "PROMETHEUS_URL"} {
				line, err := lines.ReadString('\n')
				key, value, _ := strings.Cut(strings.TrimSpace(line), "=")
				if err != nil || key != want || value == "" {
					t.Fatalf("line %q (%v), want %s=…; stderr %s", line, err, want, stderr.String())
				}
				printed[key] = value
			}
			done := make(chan error, 1)
			go func() { _, _ = io.Copy(io.Discard, out); done <- cmd.Wait() }()

			prom := printed["PROMETHEUS_URL"]
			if log, err := os.ReadFile(printed["PROMETHEUS_LOG"]); err != nil || !strings.Contains(string(log), "Server is ready") {
				t.Errorf("PROMETHEUS_LOG: %v, %q", err, log)
			}
			testprom.WaitForSamples(t, prom, `up{job="prometheus"} == 1`, 1)
			testprom.WaitForSamples(t, prom, `http_requests_total{job="synthetic",service="checkout",status="500"}`, 1)
			testprom.WaitForSamples(t, prom, `http_requests_total{job="synthetic",service="cart",status="200"}`, 1)

			if err := c.stop(cmd, stdin); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit: %v, stderr %s", err, stderr.String())
				}
			case <-time.After(20 * time.Second):
				t.Fatal("still running 20s after being told to stop")
			}
			for _, u := range []string{prom + "/-/ready", printed["SYNTHETIC_URL"] + "/metrics"} {
				if resp, err := http.Get(u); err == nil {
					resp.Body.Close()
					t.Errorf("%s still answers after the command stopped", u)
				}
			}
		})
	}
}

func pipeStdin(t *testing.T, cmd *exec.Cmd) io.Closer {
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	return stdin
}

// socketStdin gives the command one end of a socket pair as stdin, as Node's
// child_process.spawn does.
func socketStdin(t *testing.T, cmd *exec.Cmd) io.Closer {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	child := os.NewFile(uintptr(fds[0]), "stdin-child")
	t.Cleanup(func() { _ = child.Close() })
	cmd.Stdin = child
	return os.NewFile(uintptr(fds[1]), "stdin-parent")
}

func TestBadProfileFlagFails(t *testing.T) {
	cmd := testenv.SelfCommand(runMain, "-profile", "checkout=20")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "name=rps,errorRatio,latency") {
		t.Fatalf("exit %v, output %s: want a failure explaining the flag", err, out)
	}
}
