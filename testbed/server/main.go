// Command server is the Grafana-server stand-in of the Warroom test bed
// (testbed/CONTRACT.md): it serves the browser host with bootData, the
// plugin's static files, the Grafana API stand-ins the plugin uses, and
// forwards plugin resource calls to the real gpx_ binary over gRPC.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/hashicorp/go-hclog"
	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

type config struct {
	addr, dist, hostDir, state, pluginBinary, prometheusURL string
	demo                                                    bool
	// externalServiceAccounts stands for Grafana's feature toggle
	// externalServiceAccounts together with [auth]
	// managed_service_accounts_enabled; off by default, as in Grafana 12.4.
	externalServiceAccounts bool
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("server", flag.ContinueOnError)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:3000", "listen address (keep it on loopback: the identity cookie is unauthenticated)")
	fs.StringVar(&c.dist, "dist", "./dist", "built plugin directory (module.js, plugin.json, gpx_*)")
	fs.StringVar(&c.hostDir, "host-dir", "./testbed/hosts/react18/build", "built browser host (index.html, bootdata.json)")
	fs.StringVar(&c.state, "state", "./.run/testbed", "persisted stand-in state and the plugin's data dir")
	fs.StringVar(&c.pluginBinary, "plugin-binary", "", "plugin executable (default: <dist>/<executable>_<os>_<arch>)")
	fs.StringVar(&c.prometheusURL, "prometheus-url", "", "Prometheus to expose as the \"prometheus\" data source")
	fs.BoolVar(&c.demo, "demo", false, "seed demo data: POST /admin/demo-data as Admin of org 1 after start")
	fs.BoolVar(&c.externalServiceAccounts, "external-service-accounts", false,
		"Grafana with the externalServiceAccounts toggle and [auth] managed_service_accounts_enabled: a plugin whose plugin.json has iam permissions gets a service account token (default off, as in Grafana)")
	fs.Func("service-account", "TOKEN=<Role>:<orgId>:<login>: a service-account token accepted as \"Authorization: Bearer TOKEN\" (repeatable)", func(v string) error {
		token, who, ok := strings.Cut(v, "=")
		if !ok || token == "" {
			return fmt.Errorf("want TOKEN=<Role>:<orgId>:<login>")
		}
		id, err := parseIdentity(who)
		if err != nil {
			return err
		}
		serviceAccounts[token] = id
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return c, nil
}

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg, err := parseFlags(os.Args[1:])
	if err != nil {
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg, log); err != nil {
		log.Error("test bed stopped", "error", err)
		os.Exit(1)
	}
}

// run starts the plugin, serves until ctx ends, then shuts down the HTTP
// server and stops the plugin process.
func run(ctx context.Context, cfg config, log *slog.Logger) error {
	state, err := filepath.Abs(cfg.state)
	if err != nil {
		return err
	}
	cfg.state = state
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	appURL := "http://" + ln.Addr().String() + "/"
	s, err := newServer(cfg, log, appURL)
	if err != nil {
		ln.Close()
		return err
	}
	managed, err := s.startPlugin(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	if managed != nil {
		defer managed.Stop()
	}
	dsManaged, err := s.startIncidentsDS(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	if dsManaged != nil {
		defer dsManaged.Stop()
	}
	srv := &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	// Seed before announcing readiness so a script that waits for the line
	// finds the demo data in place.
	if cfg.demo {
		s.seedDemo(ctx)
	}
	fmt.Printf("testbed listening on %s\n", "http://"+ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("stopping")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// startPlugin launches the binary under Grafana-like supervision; without a
// binary the server still serves the front end and resources answer 503.
func (s *server) startPlugin(ctx context.Context) (*grafanahost.Managed, error) {
	bin := s.cfg.pluginBinary
	if bin == "" {
		p, _, err := loadPluginJSON(s.cfg.dist)
		if err != nil {
			s.log.Warn("plugin.json", "error", err)
		}
		if bin, err = findBinary(s.cfg.dist, p); err != nil {
			s.log.Warn("no plugin back end; resource calls will answer 503", "error", err)
			return nil, nil
		}
	}
	dataDir := s.pluginDataDir()
	p, _, _ := loadPluginJSON(s.cfg.dist)
	env := grafanahost.Env(grafanahost.DataDir(dataDir), p.version, s.appURL)
	logger := hclog.New(&hclog.LoggerOptions{Name: "plugin." + pluginID, Output: os.Stderr, Level: hclog.Info})
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	m, err := grafanahost.StartManaged(ctx, bin, env, logger)
	if err != nil {
		return nil, fmt.Errorf("start plugin: %w", err)
	}
	s.plugin = m
	s.log.Info("plugin started", "binary", bin, "pid", m.Plugin().Pid(), "GF_PLUGIN_DATA_DIR", dataDir)
	return m, nil
}

// pluginDataDir is data_dir of the test bed's simulated grafana.ini, in
// both [plugin.warroom-incident-app] and [plugin.warroom-incidents-datasource]
// (Grafana passes each section only to its own plugin's process, as
// GF_PLUGIN_DATA_DIR: pkg/services/pluginsintegration/pluginconfig/envvars.go
// pluginSettingsEnvVars). The directory is where earlier test beds kept
// warroom.db, so an existing state dir keeps its incidents; the plugin
// creates it.
func (s *server) pluginDataDir() string {
	return filepath.Join(s.cfg.state, "grafana-data", "plugins-data", "warroom")
}

// seedDemo asks the plugin to seed org 1, as an Admin would from the UI.
func (s *server) seedDemo(ctx context.Context) {
	p := s.plugin.Plugin()
	if p == nil {
		s.log.Warn("demo data: no plugin back end")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	code, _, body, err := p.CallResource(ctx, s.pluginContext(defaultIdentity), http.MethodPost, "admin/demo-data",
		http.Header{"Content-Type": {"application/json"}}, []byte("{}"))
	if err != nil || code != http.StatusOK {
		s.log.Warn("demo data", "status", code, "error", err, "body", string(body))
		return
	}
	s.log.Info("demo data seeded", "response", string(body))
}
