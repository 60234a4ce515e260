package testpg

import (
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/warroom/warroom-incident-app/internal/testenv"
)

// cluster is one throwaway PostgreSQL server owned by this test process.
type cluster struct {
	bin      string // directory of initdb, pg_ctl, postgres
	dir      string // temp dir: data/, the socket, logs
	port     int
	asUser   []string // "runuser -u postgres --" when we are root, else empty
	watchdog *exec.Cmd
}

// binDirs are searched in order for initdb and pg_ctl.
var binDirs = []string{"/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin"}

func findBin() (string, error) {
	for _, d := range binDirs {
		if fileExists(filepath.Join(d, "initdb")) && fileExists(filepath.Join(d, "pg_ctl")) {
			return d, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil && fileExists(filepath.Join(filepath.Dir(p), "initdb")) {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("initdb/pg_ctl not found in %s or PATH (install PostgreSQL 15)", strings.Join(binDirs, ", "))
}

// startCluster starts a cluster; settings are extra "name=value" server
// settings, after (so winning over) the tests' own.
func startCluster(settings ...string) (*cluster, error) {
	bin, err := findBin()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp(tempBase(), "warroom-testpg-")
	if err != nil {
		return nil, err
	}
	c := &cluster{bin: bin, dir: dir}
	// initdb (and postgres) refuse to run as root: hand the directory to the
	// postgres OS user and run the binaries as that user.
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			os.RemoveAll(dir)
			return nil, fmt.Errorf("running as root and there is no postgres OS user to run PostgreSQL as: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		c.asUser = []string{"runuser", "-u", "postgres", "--"}
	}
	if err := c.run("initdb", "-D", c.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8",
		"--locale=C", "--no-sync", "--no-instructions"); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("initdb in %s: %w", dir, err)
	}
	c.startWatchdog()
	// A free port can be taken by another process between probing and
	// binding (go test runs packages in parallel): retry with a new one.
	for attempt := 1; ; attempt++ {
		if c.port, err = testenv.FreePort(); err != nil {
			break
		}
		opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=on -c max_connections=200", c.port, c.dir)
		for _, kv := range settings {
			opts += " -c " + kv
		}
		err = c.run("pg_ctl", "-D", c.data(), "-l", filepath.Join(c.dir, "server.log"), "-w", "-t", "60", "-o", opts, "start")
		if err == nil || attempt == 3 {
			break
		}
	}
	if err != nil {
		c.stop()
		return nil, fmt.Errorf("pg_ctl start: %w\nserver log:\n%s", err, testenv.LogTail(filepath.Join(dir, "server.log")))
	}
	return c, nil
}

func (c *cluster) data() string { return filepath.Join(c.dir, "data") }

func (c *cluster) dsn() string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
}

// run runs one PostgreSQL binary as the right user. Output goes to a file,
// not a pipe: pg_ctl leaves the server running, and a server holding our
// pipe would make Wait hang.
func (c *cluster) run(name string, args ...string) error {
	out, err := os.CreateTemp(c.dir, name+"-*.out")
	if err != nil {
		return err
	}
	defer out.Close()
	argv := append(append(append([]string{}, c.asUser...), filepath.Join(c.bin, name)), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w\n%s", name, err, testenv.LogTail(out.Name()))
	}
	return nil
}

// startWatchdog starts a shell, in its own process group so a Ctrl-C of
// go test does not kill it first, that waits for this process to end however
// it ends (even SIGKILL or a test timeout panic) and then stops the server
// and deletes the directory.
func (c *cluster) startWatchdog() {
	script := `while kill -0 "$1" 2>/dev/null; do sleep 1; done
` + strings.Join(c.asUser, " ") + ` "$2" -D "$3" -m immediate stop >/dev/null 2>&1
rm -rf "$4"`
	cmd := exec.Command("sh", "-c", script, "testpg-watchdog",
		strconv.Itoa(os.Getpid()), filepath.Join(c.bin, "pg_ctl"), c.data(), c.dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if cmd.Start() == nil { // best effort: Main stops the cluster anyway
		c.watchdog = cmd
		go cmd.Wait() //nolint:errcheck // reaps it if it exits before us
	}
}

func (c *cluster) stop() {
	if c.port != 0 {
		_ = c.run("pg_ctl", "-D", c.data(), "-m", "fast", "-w", "stop")
	}
	if c.watchdog != nil {
		_ = c.watchdog.Process.Kill()
	}
	os.RemoveAll(c.dir)
}

// tempBase is os.TempDir, unless we run as root and the postgres user could
// not reach a directory in it (a private TMPDIR): then /tmp.
func tempBase() string {
	base := os.TempDir()
	if os.Geteuid() != 0 {
		return base
	}
	for d := base; ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil || st.Mode().Perm()&0o001 == 0 {
			return "/tmp"
		}
		if d == filepath.Dir(d) {
			return base
		}
	}
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
