// Package grafanahost starts a Grafana back-end plugin binary and talks to it
// over the plugin gRPC protocol the way the Grafana server does, so the built
// gpx_ binary can be proven without a Grafana server.
//
// The launch mirrors grafana/grafana
// pkg/plugins/backendplugin/grpcplugin/client.go (newClientConfig,
// getV2PluginSet), grpc_plugin.go (Start/Stop/Exited) and client_v2.go
// (Dispense of each service, CheckHealth, CallResource stream handling).
package grafanahost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/hashicorp/go-hclog"
	goplugin "github.com/hashicorp/go-plugin"
)

// handshake is built from the SDK's exported constants, exactly like
// Grafana's client.go does: protocol version 2 and the magic cookie
// grafana_plugin_type=datasource (the same cookie for every plugin type).
var handshake = goplugin.HandshakeConfig{
	ProtocolVersion:  grpcplugin.ProtocolVersion,
	MagicCookieKey:   grpcplugin.MagicCookieKey,
	MagicCookieValue: grpcplugin.MagicCookieValue,
}

// v2PluginSet is Grafana's getV2PluginSet without the two Grafana-internal
// services (renderer, secretsmanager) that an app plugin never serves; the
// SDK's admission and conversion services are added because Grafana's
// client_v2.go dispenses them too.
func v2PluginSet() goplugin.PluginSet {
	return goplugin.PluginSet{
		"diagnostics": &grpcplugin.DiagnosticsGRPCPlugin{},
		"resource":    &grpcplugin.ResourceGRPCPlugin{},
		"data":        &grpcplugin.DataGRPCPlugin{},
		"stream":      &grpcplugin.StreamGRPCPlugin{},
		"admission":   &grpcplugin.AdmissionGRPCPlugin{},
		"conversion":  &grpcplugin.ConversionGRPCPlugin{},
	}
}

// ErrPluginUnavailable mirrors backendplugin.ErrPluginUnavailable: the
// process has exited (crashed or was killed) and calls cannot be served.
var ErrPluginUnavailable = errors.New("plugin unavailable")

// Option adjusts a launch; the defaults match Grafana's.
type Option func(*options)

type options struct {
	logger    hclog.Logger
	startWait time.Duration
}

// WithLogger receives go-plugin's own log lines and the plugin's stderr
// (the SDK logs hclog JSON there, which go-plugin re-emits through this
// logger, as Grafana's logWrapper does).
func WithLogger(l hclog.Logger) Option { return func(o *options) { o.logger = l } }

// WithStartTimeout bounds the handshake (go-plugin's default is one minute).
func WithStartTimeout(d time.Duration) Option { return func(o *options) { o.startWait = d } }

// Plugin is one running plugin process.
type Plugin struct {
	client *goplugin.Client
	cmd    *exec.Cmd
	c      *clientV2

	mu     sync.Mutex
	closed bool
}

// Launch starts binaryPath, performs the go-plugin handshake over gRPC only,
// negotiates protocol version 2 and dispenses the v2 services.
func Launch(ctx context.Context, binaryPath string, env []string, opts ...Option) (*Plugin, error) {
	o := options{startWait: time.Minute}
	for _, fn := range opts {
		fn(&o)
	}
	if o.logger == nil {
		o.logger = hclog.New(&hclog.LoggerOptions{Name: "plugin", Output: os.Stderr, Level: hclog.Info})
	}
	if _, err := os.Stat(binaryPath); err != nil {
		return nil, fmt.Errorf("plugin binary: %w", err)
	}

	// Grafana: cmd := exec.Command(executablePath); cmd.Env = env. Whether
	// go-plugin then appends Grafana's whole os.Environ() depends on the
	// plugin (skip_host_env_vars, feature pluginsSkipHostEnvVars); with it,
	// only the proxy variables pkg/plugins/envvars/envvars.go permits reach
	// the plugin. The test bed always takes that strict side: a plugin that
	// works here never depends on Grafana's own environment (GF_PATHS_DATA,
	// HOME, PATH, ...).
	cmd := exec.Command(binaryPath) //nolint:gosec // the path is the plugin under test
	cmd.Env = pluginEnv(os.Environ(), env)

	client := goplugin.NewClient(&goplugin.ClientConfig{
		Cmd:              cmd,
		HandshakeConfig:  handshake,
		VersionedPlugins: map[int]goplugin.PluginSet{grpcplugin.ProtocolVersion: v2PluginSet()},
		Logger:           o.logger,
		AllowedProtocols: []goplugin.Protocol{goplugin.ProtocolGRPC},
		SkipHostEnv:      true, // already merged above
		StartTimeout:     o.startWait,
	})

	type result struct {
		rpc goplugin.ClientProtocol
		err error
	}
	done := make(chan result, 1)
	go func() {
		rpc, err := client.Client()
		done <- result{rpc, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		client.Kill()
		return nil, ctx.Err()
	}
	if r.err != nil {
		client.Kill()
		return nil, fmt.Errorf("start plugin %s: %w", binaryPath, r.err)
	}
	// grpc_plugin.go Start: versions below 2 are refused.
	if client.NegotiatedVersion() < 2 {
		client.Kill()
		return nil, errors.New("plugin protocol version not supported")
	}
	c, err := newClientV2(r.rpc)
	if err != nil {
		client.Kill()
		return nil, err
	}
	return &Plugin{client: client, cmd: cmd, c: c}, nil
}

// permittedHostEnv are the host variables Grafana passes to a plugin that
// skips the host environment (grafana pkg/plugins/envvars/envvars.go
// permittedHostEnvVarNames: net/http's proxy variables).
var permittedHostEnv = []string{"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy"}

// pluginEnv is explicit plus the permitted host variables explicit does
// not set; nothing else of host.
func pluginEnv(host, explicit []string) []string {
	out := append([]string(nil), explicit...)
	set := make(map[string]bool, len(explicit))
	for _, kv := range explicit {
		k, _, _ := strings.Cut(kv, "=")
		set[k] = true
	}
	for _, kv := range host {
		k, _, _ := strings.Cut(kv, "=")
		if !set[k] && slices.Contains(permittedHostEnv, k) {
			out = append(out, kv)
		}
	}
	return out
}

// Pid is the plugin process id.
func (p *Plugin) Pid() int {
	if p.cmd.Process == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// Exited reports whether the process has ended, as grpcPlugin.Exited does.
func (p *Plugin) Exited() bool { return p.client.Exited() }

// Kill sends SIGKILL to the plugin process — no graceful shutdown, no
// flushing — to simulate a crash, then reaps it.
func (p *Plugin) Kill() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	var err error
	if p.cmd.Process != nil {
		err = p.cmd.Process.Kill() // SIGKILL on Unix
		if errors.Is(err, os.ErrProcessDone) {
			err = nil
		}
	}
	// Reap the process and go-plugin's goroutines; the graceful path inside
	// fails fast because the process is already gone.
	p.client.Kill()
	return err
}

// Close stops the plugin the way Grafana's grpcPlugin.Stop does: go-plugin
// closes the gRPC connection, which asks the plugin to exit, and force-kills
// it after a grace period.
func (p *Plugin) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	p.closed = true
	p.client.Kill()
}

// discard is a logger for callers that want silence.
var discard = hclog.New(&hclog.LoggerOptions{Output: io.Discard})

// QuietLogger returns a logger that drops everything.
func QuietLogger() hclog.Logger { return discard }
