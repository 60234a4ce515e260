package testenv

import (
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Serve serves h on 127.0.0.1 on a free port until the returned stop is
// called, for the commands that hand a script a service (cmd/fleet,
// cmd/motoseed).
func Serve(h http.Handler) (url string, stop func(), err error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(l) //nolint:errcheck // ends with Close in stop
	return "http://" + l.Addr().String(), func() { _ = srv.Close() }, nil
}

// WaitForStop blocks a command until SIGTERM or SIGINT, or until its stdin,
// when that is a pipe or a socket (Node's child_process pipes are sockets),
// reaches its end: a parent process (a Playwright test) that dies without
// signalling still takes the command down. A script's background job has
// /dev/null as stdin, which ends at once and must not count.
func WaitForStop() {
	stop := make(chan struct{}, 2)
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	defer signal.Stop(sig)
	go func() { <-sig; stop <- struct{}{} }()
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&(os.ModeNamedPipe|os.ModeSocket) != 0 {
		go func() { _, _ = io.Copy(io.Discard, os.Stdin); stop <- struct{}{} }()
	}
	<-stop
}
