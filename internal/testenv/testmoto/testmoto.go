// Package testmoto runs a real moto_server (the AWS emulator) for Go tests
// and seeds it through the AWS SDK, so AWS diagnostics are tested against
// HTTP APIs that speak each service's wire protocol. moto must be installed
// (pip install 'moto[server]'): a test that needs it fails when it is
// missing, because a skipped AWS test would prove nothing.
package testmoto

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
)

// Start runs moto_server on 127.0.0.1 on a free port and returns its
// endpoint URL. env adds variables such as MOTO_ECS_SERVICE_RUNNING=1
// (moto's only way to report running ECS tasks). The server is stopped by
// its process id when the test ends, or by a watchdog if the test process
// dies first.
func Start(t testing.TB, env ...string) string {
	t.Helper()
	bin, err := motoServer()
	if err != nil {
		t.Fatalf("testmoto: %v", err)
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a free port can be taken before moto binds it
		endpoint, err := start(t, bin, env)
		if err == nil {
			return endpoint
		}
		lastErr = err
	}
	t.Fatalf("testmoto: %v", lastErr)
	return ""
}

func start(t testing.TB, bin string, env []string) (string, error) {
	srv, err := launch(bin, t.TempDir(), env)
	if err != nil {
		return "", err
	}
	t.Cleanup(func() {
		srv.Stop()
		if t.Failed() { // moto's traceback is the quickest way to a wire mismatch
			if log, err := os.ReadFile(srv.LogPath); err == nil {
				if len(log) > 6000 {
					log = log[len(log)-6000:]
				}
				t.Logf("moto log (end):\n%s", log)
			}
		}
	})
	return srv.Endpoint, nil
}

// Server is a moto_server process started outside a test (Run).
type Server struct {
	Endpoint string
	LogPath  string
	stop     func()
}

// Stop ends the server's process group; safe to call more than once.
func (s *Server) Stop() { s.stop() }

// Run starts moto_server like Start, for a command (cmd/motoseed) rather
// than a test: the caller stops it. The watchdog still ends it if the
// calling process dies first.
func Run(logDir string, env ...string) (*Server, error) {
	bin, err := motoServer()
	if err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		srv, err := launch(bin, logDir, env)
		if err == nil {
			return srv, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func launch(bin, logDir string, env []string) (*Server, error) {
	port, err := testenv.FreePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(logDir, "moto-"+strconv.Itoa(port)+".log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	// Its own process group: the pyenv shim execs python, and stopping the
	// group stops whatever the shim left behind, and nothing else.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		logf.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	pid := cmd.Process.Pid
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	watchdog(pid)
	var once sync.Once
	stop := func() {
		once.Do(func() {
			_ = syscall.Kill(-pid, syscall.SIGTERM)
			select {
			case <-exited:
			case <-time.After(5 * time.Second):
				_ = syscall.Kill(-pid, syscall.SIGKILL)
				<-exited
			}
			logf.Close()
		})
	}
	endpoint := "http://127.0.0.1:" + strconv.Itoa(port)
	if err := waitReady(endpoint, exited); err != nil {
		stop()
		log, _ := os.ReadFile(logf.Name())
		return nil, fmt.Errorf("%w\nmoto log:\n%s", err, log)
	}
	return &Server{Endpoint: endpoint, LogPath: logf.Name(), stop: stop}, nil
}

// waitReady polls moto's own API until the server answers.
func waitReady(endpoint string, exited <-chan struct{}) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			return fmt.Errorf("moto_server exited before answering on %s", endpoint)
		default:
		}
		if resp, err := client.Get(endpoint + "/moto-api/"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("moto_server did not answer on %s within 30s", endpoint)
}

// watchdog stops the server's process group if this test process dies
// without running its cleanups (a panic, a timeout, SIGKILL).
func watchdog(pid int) {
	script := `while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -TERM -- "-$2" 2>/dev/null`
	cmd := exec.Command("sh", "-c", script, "testmoto-watchdog", strconv.Itoa(os.Getpid()), strconv.Itoa(pid))
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if cmd.Start() == nil {
		go cmd.Wait() //nolint:errcheck // reaped when it ends with the server
	}
}

// motoServer finds moto_server: on PATH, or in the virtualenv scripts/setup.sh
// creates at <repo>/.tools/moto when the machine has none.
func motoServer() (string, error) {
	if bin, err := exec.LookPath("moto_server"); err == nil {
		return bin, nil
	}
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			bin := filepath.Join(dir, ".tools", "moto", "bin", "moto_server")
			if _, err := os.Stat(bin); err != nil {
				return "", fmt.Errorf("moto_server is neither on PATH nor in %s: run scripts/setup.sh", bin)
			}
			return bin, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("moto_server is not on PATH and no go.mod above the working directory")
		}
		dir = parent
	}
}
