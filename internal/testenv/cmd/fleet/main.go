// Command fleet gives the scripts (scripts/run.sh, testbed/e2e/run.sh) live
// metrics the way the Go tests get them: the synthetic service fleet
// (package synthetic) and a real Prometheus (package testprom) scraping
// itself (job "prometheus") and the fleet (job "synthetic") every second,
// both on free loopback ports.
//
//	go run ./internal/testenv/cmd/fleet -profile checkout=50,0.2,80ms -profile cart=50,0,60ms
//
// With -demo it also serves the demo incidents' services (pkg/demo
// Scenarios) with their past: their traffic since before the oldest
// incident is backfilled into Prometheus's storage before it starts, so the
// incident pages graph each breach from its onset.
//
// Once Prometheus is ready it prints (with -demo, DEMO_SERVICES=a,b,… first)
// SYNTHETIC_URL=…, PROMETHEUS_LOG=… (for a script to show when its tests
// fail) and last PROMETHEUS_URL=…, then runs
// until SIGTERM/SIGINT, or until its stdin closes when that is a pipe
// (testenv.WaitForStop).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/internal/testenv/synthetic"
	"github.com/warroom/warroom-incident-app/internal/testenv/testprom"
	"github.com/warroom/warroom-incident-app/pkg/demo"
)

// historyStep is the sample interval of the demo's backfilled past: fine
// enough for a 5 min rate window, small enough to load in seconds.
const historyStep = 30 * time.Second

// defaultProfiles is the demo's fleet: "checkout" answers 20% 5xx, "cart" is healthy.
var defaultProfiles = profiles{"checkout=50,0.2,80ms", "cart=50,0,60ms"}

// profiles collects the repeatable -profile flag.
type profiles []string

func (p *profiles) String() string     { return strings.Join(*p, " ") }
func (p *profiles) Set(v string) error { *p = append(*p, v); return nil }

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fleet:", err)
		os.Exit(1)
	}
}

func run() error {
	var ps profiles
	flag.Var(&ps, "profile", "service profile name=rps,errorRatio,latency, e.g. checkout=20,0.2,800ms (repeatable; default "+defaultProfiles.String()+")")
	withDemo := flag.Bool("demo", false, "also serve the demo incidents' services, with their history")
	flag.Parse()
	if len(ps) == 0 {
		ps = defaultProfiles
	}
	exp, err := exporter(ps)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "warroom-fleet-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	history := ""
	if *withDemo {
		history = filepath.Join(dir, "history.om")
		if err := backfillDemo(exp, history); err != nil {
			return err
		}
	}
	// Started before Prometheus, so its first scrape already has the services' series.
	synthURL, stopFleet, err := testenv.Serve(exp)
	if err != nil {
		return err
	}
	defer stopFleet()

	prom, err := testprom.RunWithHistory(dir, history, testprom.Job{Name: "prometheus", Target: testprom.Itself}, testprom.Job{Name: "synthetic", Target: synthURL})
	if err != nil {
		return err
	}
	defer prom.Stop()
	if *withDemo {
		// The script names these in the catalog it writes.
		var names []string
		for _, s := range demo.Scenarios {
			names = append(names, s.Service)
		}
		fmt.Printf("DEMO_SERVICES=%s\n", strings.Join(names, ","))
	}
	fmt.Printf("SYNTHETIC_URL=%s\nPROMETHEUS_LOG=%s\nPROMETHEUS_URL=%s\n", synthURL, prom.LogPath, prom.URL)

	testenv.WaitForStop()
	return nil
}

func exporter(specs []string) (*synthetic.Exporter, error) {
	exp := synthetic.New()
	for _, spec := range specs {
		name, p, err := synthetic.ParseProfileFlag(spec)
		if err != nil {
			return nil, err
		}
		if err := exp.SetProfile(name, p); err != nil {
			return nil, err
		}
	}
	return exp, nil
}

// backfillDemo adds the demo scenarios' services to exp with their past,
// written to the OpenMetrics file history.
func backfillDemo(exp *synthetic.Exporter, history string) error {
	f, err := os.Create(history)
	if err != nil {
		return err
	}
	defer f.Close()
	now := time.Now()
	schedules := map[string]synthetic.Schedule{}
	for _, s := range demo.Scenarios {
		schedules[s.Service] = func(t time.Time) synthetic.Profile {
			l := s.LoadAt(now.Sub(t))
			return synthetic.Profile{RPS: l.RPS, ErrorRatio: l.ErrorRatio, Latency: l.Latency}
		}
	}
	if err := exp.Backfill(f, schedules, now.Add(-demo.History()), historyStep); err != nil {
		return err
	}
	return f.Close()
}
