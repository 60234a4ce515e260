// Command motoseed gives the browser tests an AWS to diagnose: it starts
// moto_server, seeds one service in trouble with testmoto.Seed, serves the
// ECS wire fix-up proxy (testmoto.NewProxy) on 127.0.0.1, prints one JSON
// line {"endpoint": proxy URL, "target": catalog AWS resources} and runs
// until its stdin closes or it gets SIGTERM/SIGINT (testenv.WaitForStop), then stops moto.
//
//	go run ./internal/testenv/cmd/motoseed -name statux
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/internal/testenv/testmoto"
)

func main() {
	name := flag.String("name", "statux", "service name the seeded resources are named after")
	flag.Parse()
	if err := run(*name); err != nil {
		fmt.Fprintln(os.Stderr, "motoseed:", err)
		os.Exit(1)
	}
}

func run(name string) error {
	logDir, err := os.MkdirTemp("", "motoseed-")
	if err != nil {
		return err
	}
	moto, err := testmoto.Run(logDir, "MOTO_ECS_SERVICE_RUNNING=1")
	if err != nil {
		return err
	}
	defer moto.Stop()
	proxy, err := testmoto.NewProxy(moto.Endpoint, nil)
	if err != nil {
		return err
	}
	endpoint, stopProxy, err := testenv.Serve(proxy)
	if err != nil {
		return err
	}
	defer stopProxy()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	world, err := testmoto.Seed(ctx, testmoto.Config(endpoint), name)
	if err != nil {
		return fmt.Errorf("seed: %w (moto log %s)", err, moto.LogPath)
	}
	line, _ := json.Marshal(map[string]any{"endpoint": endpoint, "target": world.Target, "world": world})
	fmt.Println(string(line))

	testenv.WaitForStop()
	return nil
}
