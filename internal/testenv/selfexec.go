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

// SelfCommand is the test binary started as its command (MainOrTests) with
// args. The binary is found with os.Executable, not os.Args[0]: the path is
// the running file's, never text a caller passed in.
func SelfCommand(env string, args ...string) *exec.Cmd {
	self, err := os.Executable()
	if err != nil {
		panic("testenv: the test binary cannot find itself: " + err.Error())
	}
	cmd := exec.Command(self, args...)
	cmd.Env = append(os.Environ(), env+"=1")
	return cmd
}
