// Command synthetic serves the synthetic service fleet for browser tests and
// demos: Prometheus scrapes its /metrics, and scripts change service
// behaviour with POST /control/{service}.
//
//	synthetic -addr 127.0.0.1:0 -profile checkout=20,0,50ms -profile cart=10,0.2,800ms
//
// It prints "synthetic listening on http://ADDR" once it accepts
// connections, so a script that asked for port 0 learns the port.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv/synthetic"
)

// profiles collects the repeatable -profile flag.
type profiles []string

func (p *profiles) String() string     { return strings.Join(*p, " ") }
func (p *profiles) Set(v string) error { *p = append(*p, v); return nil }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "synthetic:", err)
		os.Exit(1)
	}
}

func run() error {
	addr := flag.String("addr", "127.0.0.1:0", "listen address; port 0 picks a free port")
	var ps profiles
	flag.Var(&ps, "profile", "initial profile name=rps,errorRatio,latency, e.g. checkout=20,0.2,800ms (repeatable)")
	flag.Parse()

	exp := synthetic.New()
	for _, spec := range ps {
		name, p, err := synthetic.ParseProfileFlag(spec)
		if err != nil {
			return err
		}
		if err := exp.SetProfile(name, p); err != nil {
			return err
		}
	}
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: exp, ReadHeaderTimeout: 5 * time.Second}
	fmt.Printf("synthetic listening on http://%s\n", l.Addr())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
