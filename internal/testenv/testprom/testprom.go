// Package testprom gives Go tests a real Prometheus: the Debian
// /usr/bin/prometheus, scraping the given targets every second, storage in a
// temp dir, on 127.0.0.1 and a free port. When the binary is missing the test
// fails: a Prometheus adapter test that skips would prove nothing.
package testprom

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
)

// Binary is the Prometheus the tests run (apt-get install prometheus).
var Binary = "/usr/bin/prometheus"

// Start runs Prometheus scraping targets ("host:port" or "http://host:port/path")
// every second and returns its base URL once /-/ready answers. It is stopped
// when the test ends; its log is printed if the test failed.
func Start(t testing.TB, targets ...string) string {
	t.Helper()
	if _, err := os.Stat(Binary); err != nil {
		t.Fatalf("testprom: Prometheus is required for this test: %s not found (apt-get install -y prometheus)", Binary)
	}
	dir := t.TempDir()
	cfgPath := filepath.Join(dir, "prometheus.yml")
	cfg, err := config(targets)
	if err != nil {
		t.Fatalf("testprom: %v", err)
	}
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	// A free port can be taken between probing and binding (packages test
	// in parallel): retry with a new one.
	var lastErr error
	for attempt := 1; attempt <= 3; attempt++ {
		p, err := start(dir, cfgPath, attempt)
		if err == nil {
			t.Cleanup(func() {
				p.stop()
				if t.Failed() {
					t.Logf("testprom: Prometheus log (%s), last lines:\n%s", p.log, testenv.LogTail(p.log))
				}
			})
			return p.url
		}
		lastErr = err
	}
	t.Fatalf("testprom: %v", lastErr)
	return ""
}

// proc is one running Prometheus.
type proc struct {
	cmd    *exec.Cmd
	exited chan struct{}
	url    string
	log    string
}

func start(dir, cfgPath string, attempt int) (*proc, error) {
	port, err := testenv.FreePort()
	if err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, fmt.Sprintf("prometheus-%d.log", attempt))
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close() // the child has its own descriptor
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cmd := exec.Command(Binary,
		"--config.file="+cfgPath,
		"--storage.tsdb.path="+filepath.Join(dir, fmt.Sprintf("data-%d", attempt)),
		"--web.listen-address="+addr,
		"--log.level=info",
	)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = procAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", Binary, err)
	}
	p := &proc{cmd: cmd, exited: make(chan struct{}), url: "http://" + addr, log: logPath}
	go func() { _ = cmd.Wait(); close(p.exited) }()
	if err := p.waitReady(60 * time.Second); err != nil {
		p.stop()
		return nil, fmt.Errorf("%v\nPrometheus log, last lines:\n%s", err, testenv.LogTail(logPath))
	}
	return p, nil
}

func (p *proc) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	hc := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-p.exited:
			return fmt.Errorf("prometheus exited before it was ready (%v)", p.cmd.ProcessState)
		default:
		}
		if resp, err := hc.Get(p.url + "/-/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("prometheus at %s not ready after %s", p.url, limit)
}

// stop sends SIGTERM to our process (by PID), then SIGKILL after 10 s.
func (p *proc) stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// config is a prometheus.yml with one job per target, since targets may
// differ in metrics path.
func config(targets []string) (string, error) {
	var b strings.Builder
	b.WriteString("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n")
	if len(targets) == 0 {
		b.WriteString("  []\n")
	}
	for i, t := range targets {
		hostport, path, scheme := t, "/metrics", "http"
		if strings.Contains(t, "://") {
			u, err := url.Parse(t)
			if err != nil || u.Host == "" {
				return "", fmt.Errorf("target %q is not host:port or an http URL", t)
			}
			hostport, scheme = u.Host, u.Scheme
			if u.Path != "" && u.Path != "/" {
				path = u.Path
			}
		}
		if _, _, err := net.SplitHostPort(hostport); err != nil {
			return "", fmt.Errorf("target %q: %v", t, err)
		}
		fmt.Fprintf(&b, "  - job_name: target%d\n    scheme: %s\n    metrics_path: %q\n    static_configs:\n      - targets: [%q]\n",
			i, scheme, path, hostport)
	}
	return b.String(), nil
}
