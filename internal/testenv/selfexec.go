package testenv

import (
	"os"
	"os/exec"
	"testing"
)

// MainOrTests lets a command's test binary double as the command, so its
// tests drive the real process: started with env=1 (SelfCommand) it runs
// main, otherwise the tests. Call it from TestMain.
func MainOrTests(m *testing.M, env string, main func()) {
	if os.Getenv(env) == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// SelfCommand is the test binary started as its command (MainOrTests) with args.
func SelfCommand(env string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), env+"=1")
	return cmd
}
