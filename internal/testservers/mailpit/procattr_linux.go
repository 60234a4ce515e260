package mailpit

import "syscall"

// procAttr makes the kernel kill Mailpit if the test process dies without
// running its cleanups (a test timeout panic, SIGKILL), so no server is left
// holding a port and a temp dir.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
