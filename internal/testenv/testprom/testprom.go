// Package testprom gives Go tests (Start) and the scripts' fleet command
// (Run, cmd/fleet) a real Prometheus: the Debian /usr/bin/prometheus,
// scraping its jobs every second, storage in a temp dir, on 127.0.0.1 and a
// free port. When the binary is missing the test fails: a Prometheus adapter
// test that skips would prove nothing.
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
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
)

// Binary is the Prometheus the tests run (apt-get install prometheus), and
// Promtool the tool that loads a history into its storage before it starts.
var (
	Binary   = "/usr/bin/prometheus"
	Promtool = "/usr/bin/promtool"
)

// Itself, as a Job's Target, is Prometheus's own address: its port is only
// known once it is picked, so a script cannot name it beforehand.
const Itself = "itself"

// Job is one scrape job: Name is its job label, Target "host:port",
// "http://host:port/path" or Itself.
type Job struct {
	Name, Target string
}

// Start runs Prometheus scraping targets ("host:port" or "http://host:port/path",
// jobs target0, target1, …) every second and returns its base URL once
// /-/ready answers. It is stopped when the test ends; its log is printed if
// the test failed.
func Start(t testing.TB, targets ...string) string {
	t.Helper()
	jobs := make([]Job, len(targets))
	for i, target := range targets {
		jobs[i] = Job{Name: fmt.Sprintf("target%d", i), Target: target}
	}
	srv, err := Run(t.TempDir(), jobs...)
	if err != nil {
		t.Fatalf("testprom: %v", err)
	}
	t.Cleanup(func() {
		srv.Stop()
		if t.Failed() {
			t.Logf("testprom: Prometheus log (%s), last lines:\n%s", srv.LogPath, testenv.LogTail(srv.LogPath))
		}
	})
	return srv.URL
}

// Server is one running Prometheus.
type Server struct {
	URL     string
	LogPath string
	*testenv.Process
}

// Run starts Prometheus like Start, for a command (cmd/fleet) rather than a
// test: config, data and log go under dir, and the caller stops it. The
// kernel still ends it if the calling process dies first (procAttr).
func Run(dir string, jobs ...Job) (*Server, error) {
	return RunWithHistory(dir, "", jobs...)
}

// RunWithHistory is Run with a past: history (a file in the OpenMetrics text
// format, e.g. synthetic's Backfill; "" for none) becomes storage blocks
// before Prometheus starts, so its queries see that past and then the live
// scrapes of the same series.
func RunWithHistory(dir, history string, jobs ...Job) (*Server, error) {
	if _, err := os.Stat(Binary); err != nil {
		return nil, fmt.Errorf("%s not found: these tests need a real Prometheus (apt-get install -y prometheus)", Binary)
	}
	// A free port can be taken between probing and binding (packages test
	// in parallel): retry with a new one.
	var lastErr error
	for attempt := 1; attempt <= 3; attempt++ {
		srv, err := start(dir, history, jobs, attempt)
		if err == nil {
			return srv, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func start(dir, history string, jobs []Job, attempt int) (*Server, error) {
	port, err := testenv.FreePort()
	if err != nil {
		return nil, err
	}
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	cfg, err := config(jobs, addr)
	if err != nil {
		return nil, err
	}
	cfgPath := filepath.Join(dir, fmt.Sprintf("prometheus-%d.yml", attempt))
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o644); err != nil {
		return nil, err
	}
	logPath := filepath.Join(dir, fmt.Sprintf("prometheus-%d.log", attempt))
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close() // the child has its own descriptor
	data := filepath.Join(dir, fmt.Sprintf("data-%d", attempt))
	if history != "" {
		if err := loadHistory(history, data, logf); err != nil {
			return nil, err
		}
	}
	cmd := exec.Command(Binary,
		"--config.file="+cfgPath,
		"--storage.tsdb.path="+data,
		"--web.listen-address="+addr,
		"--log.level=info",
	)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = procAttr()
	proc, err := testenv.StartProcess(cmd)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", Binary, err)
	}
	srv := &Server{URL: "http://" + addr, LogPath: logPath, Process: proc}
	if err := srv.waitReady(60 * time.Second); err != nil {
		srv.Stop()
		return nil, fmt.Errorf("%v\nPrometheus log, last lines:\n%s", err, testenv.LogTail(logPath))
	}
	return srv, nil
}

// loadHistory turns an OpenMetrics file into storage blocks in data.
func loadHistory(history, data string, log *os.File) error {
	if err := os.MkdirAll(data, 0o755); err != nil {
		return err
	}
	cmd := exec.Command(Promtool, "tsdb", "create-blocks-from", "openmetrics", history, data)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("promtool tsdb create-blocks-from openmetrics %s: %w\n%s", history, err, testenv.LogTail(log.Name()))
	}
	return nil
}

func (s *Server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	hc := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-s.Exited():
			return fmt.Errorf("prometheus exited before it was ready (%v)", s.Cmd.ProcessState)
		default:
		}
		if resp, err := hc.Get(s.URL + "/-/ready"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("prometheus at %s not ready after %s", s.URL, limit)
}

// config is a prometheus.yml with one scrape config per job, since targets
// may differ in metrics path; self is Prometheus's own host:port (Itself).
func config(jobs []Job, self string) (string, error) {
	var b strings.Builder
	b.WriteString("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n")
	if len(jobs) == 0 {
		b.WriteString("  []\n")
	}
	for _, j := range jobs {
		target := j.Target
		if target == Itself {
			target = self
		}
		hostport, path, scheme := target, "/metrics", "http"
		if strings.Contains(target, "://") {
			u, err := url.Parse(target)
			if err != nil || u.Host == "" {
				return "", fmt.Errorf("target %q is not host:port or an http URL", target)
			}
			hostport, scheme = u.Host, u.Scheme
			if u.Path != "" && u.Path != "/" {
				path = u.Path
			}
		}
		if _, _, err := net.SplitHostPort(hostport); err != nil {
			return "", fmt.Errorf("target %q: %v", target, err)
		}
		fmt.Fprintf(&b, "  - job_name: %q\n    scheme: %s\n    metrics_path: %q\n    static_configs:\n      - targets: [%q]\n",
			j.Name, scheme, path, hostport)
	}
	return b.String(), nil
}
