// Package mailpit gives Go tests a real SMTP server: Mailpit
// (github.com/axllent/mailpit), built by scripts/setup.sh into
// <repo root>/.tools/bin/mailpit. Each Start runs its own Mailpit on free
// 127.0.0.1 ports with its database in the test's temp dir, optionally with
// SMTP auth and STARTTLS or implicit TLS under a self-signed certificate for
// 127.0.0.1, and reads what it received through Mailpit's HTTP API. When the
// binary is missing the test fails: an e-mail test that skips proves nothing.
package mailpit

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
)

// Options choose how the SMTP side behaves. The zero value is a plain SMTP
// server without auth or TLS.
type Options struct {
	// Users are the only accepted logins (user → password), written to an
	// --smtp-auth-file. Mailpit then requires STARTTLS unless RequireTLS is
	// set, so a TLS certificate is generated for it.
	Users map[string]string
	// AuthAcceptAny accepts any login (--smtp-auth-accept-any); it needs TLS
	// (STARTTLS is offered) unless AuthAllowInsecure.
	AuthAcceptAny bool
	// AuthAllowInsecure lets PLAIN and LOGIN run without TLS
	// (--smtp-auth-allow-insecure).
	AuthAllowInsecure bool
	// STARTTLS offers STARTTLS with the generated certificate;
	// RequireSTARTTLS also refuses mail before it (--smtp-require-starttls).
	STARTTLS        bool
	RequireSTARTTLS bool
	// RequireTLS makes the SMTP port implicit TLS, port-465 style
	// (--smtp-require-tls).
	RequireTLS bool
	// AllowedRecipients is a regular expression; other recipients are
	// refused at RCPT TO with a 550 (--smtp-allowed-recipients).
	AllowedRecipients string
	// ChaosTriggers makes Mailpit fail on purpose, e.g.
	// "Recipient:451:100" (--chaos-triggers).
	ChaosTriggers string
}

func (o Options) needsCert() bool {
	return o.STARTTLS || o.RequireSTARTTLS || o.RequireTLS || len(o.Users) > 0 ||
		(o.AuthAcceptAny && !o.AuthAllowInsecure)
}

// Server is one running Mailpit.
type Server struct {
	// SMTPHost and SMTPPort are where it takes mail (127.0.0.1).
	SMTPHost string
	SMTPPort int
	// URL is the base of its web UI and HTTP API.
	URL string
	// Cert is the generated self-signed certificate when TLS is on (nil
	// otherwise); Cert.Pool trusts it.
	Cert    *Cert
	LogPath string

	*testenv.Process
	hc *http.Client
}

// SMTPAddr is "127.0.0.1:port".
func (s *Server) SMTPAddr() string {
	return net.JoinHostPort(s.SMTPHost, strconv.Itoa(s.SMTPPort))
}

// Binary finds <repo root>/.tools/bin/mailpit, the repo root being the
// nearest folder above the working directory with a go.mod.
func Binary() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
	bin := filepath.Join(dir, ".tools", "bin", "mailpit")
	if _, err := os.Stat(bin); err != nil {
		return "", fmt.Errorf("%s not found: run bash scripts/setup.sh (it installs Mailpit v1.33.1)", bin)
	}
	return bin, nil
}

// Start runs Mailpit for the test and stops it when the test ends; its log
// is printed if the test failed.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	bin, err := Binary()
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	dir := t.TempDir()
	var cert *Cert
	if opts.needsCert() {
		if cert, err = writeCert(dir); err != nil {
			t.Fatalf("mailpit: certificate: %v", err)
		}
	}
	// A free port can be taken between probing and binding (packages test
	// in parallel): retry with new ones.
	var srv *Server
	for attempt := 1; attempt <= 3; attempt++ {
		srv, err = start(bin, dir, opts, cert, attempt)
		if err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("mailpit: %v", err)
	}
	t.Cleanup(func() {
		srv.Stop()
		if t.Failed() {
			t.Logf("mailpit: log (%s), last lines:\n%s", srv.LogPath, testenv.LogTail(srv.LogPath))
		}
	})
	return srv
}

func start(bin, dir string, opts Options, cert *Cert, attempt int) (*Server, error) {
	smtpPort, err := testenv.FreePort()
	if err != nil {
		return nil, err
	}
	httpPort, err := testenv.FreePort()
	if err != nil {
		return nil, err
	}
	httpAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(httpPort))
	s := &Server{
		SMTPHost: "127.0.0.1", SMTPPort: smtpPort, URL: "http://" + httpAddr, Cert: cert,
		LogPath: filepath.Join(dir, fmt.Sprintf("mailpit-%d.log", attempt)),
		hc:      &http.Client{Timeout: 5 * time.Second},
	}
	args := []string{
		"--smtp", s.SMTPAddr(),
		"--listen", httpAddr,
		"--database", filepath.Join(dir, fmt.Sprintf("mailpit-%d.db", attempt)),
		"--disable-version-check",
		"--smtp-disable-rdns",
	}
	if cert != nil {
		args = append(args, "--smtp-tls-cert", cert.CertFile, "--smtp-tls-key", cert.KeyFile)
	}
	if len(opts.Users) > 0 {
		authFile := filepath.Join(dir, "smtp-auth")
		if err := os.WriteFile(authFile, []byte(authLines(opts.Users)), 0o600); err != nil {
			return nil, err
		}
		args = append(args, "--smtp-auth-file", authFile)
	}
	if opts.AuthAcceptAny {
		args = append(args, "--smtp-auth-accept-any")
	}
	if opts.AuthAllowInsecure {
		args = append(args, "--smtp-auth-allow-insecure")
	}
	if opts.RequireSTARTTLS {
		args = append(args, "--smtp-require-starttls")
	}
	if opts.RequireTLS {
		args = append(args, "--smtp-require-tls")
	}
	if opts.AllowedRecipients != "" {
		args = append(args, "--smtp-allowed-recipients", opts.AllowedRecipients)
	}
	if opts.ChaosTriggers != "" {
		args = append(args, "--chaos-triggers", opts.ChaosTriggers)
	}
	logf, err := os.Create(s.LogPath)
	if err != nil {
		return nil, err
	}
	defer logf.Close()                // the child has its own descriptor
	cmd := exec.Command(bin, args...) // #nosec G204 -- the repo's pinned .tools/bin/mailpit, arguments built here
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = procAttr()
	if s.Process, err = testenv.StartProcess(cmd); err != nil {
		return nil, err
	}
	if err := s.waitReady(); err != nil {
		s.Stop()
		return nil, fmt.Errorf("%w\n%s", err, testenv.LogTail(s.LogPath))
	}
	return s, nil
}

// authLines is the --smtp-auth-file: "user:password" lines (htpasswd
// syntax; Mailpit takes plain-text passwords too), sorted for stable files.
func authLines(users map[string]string) string {
	names := make([]string, 0, len(users))
	for u := range users {
		names = append(names, u)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, u := range names {
		b.WriteString(u + ":" + users[u] + "\n")
	}
	return b.String()
}

// readyAttempts bounds the readiness polling: 200 polls about 50 ms apart
// (each waits for an answer, not for time to pass) is about 10 s.
const readyAttempts = 200

// waitReady polls GET /readyz until Mailpit answers 200, then until its
// SMTP port accepts a connection (the two listeners start independently).
func (s *Server) waitReady() error {
	httpReady := false
	for i := 0; i < readyAttempts; i++ {
		select {
		case <-s.Exited():
			return fmt.Errorf("mailpit exited before it was ready (%v)", s.Cmd.ProcessState)
		default:
		}
		if !httpReady {
			if resp, err := s.hc.Get(s.URL + "/readyz"); err == nil {
				_ = resp.Body.Close()
				httpReady = resp.StatusCode == http.StatusOK
			}
		}
		if httpReady {
			if c, err := net.DialTimeout("tcp", s.SMTPAddr(), time.Second); err == nil {
				_ = c.Close()
				return nil
			}
		}
		select {
		case <-s.Exited():
		case <-time.After(50 * time.Millisecond):
		}
	}
	return fmt.Errorf("mailpit (HTTP %s, SMTP %s) not ready after %d polls", s.URL, s.SMTPAddr(), readyAttempts)
}
