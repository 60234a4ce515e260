package grafanahost

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/go-hclog"
)

// Managed keeps one plugin process alive the way Grafana's process service
// does for managed plugins (grafana/grafana
// pkg/plugins/manager/process/process.go keepPluginAlive): every tick, if the
// process has exited, start it again.
type Managed struct {
	binary string
	env    []string
	opts   []Option
	log    hclog.Logger
	tick   time.Duration

	mu      sync.Mutex
	current *Plugin
	stopped bool
	stop    chan struct{}
	done    chan struct{}
}

// StartManaged launches the binary and begins the keep-alive loop.
func StartManaged(ctx context.Context, binary string, env []string, log hclog.Logger, opts ...Option) (*Managed, error) {
	if log == nil {
		log = hclog.NewNullLogger()
	}
	m := &Managed{binary: binary, env: env, opts: append([]Option{WithLogger(log)}, opts...), log: log,
		tick: time.Second, stop: make(chan struct{}), done: make(chan struct{})}
	p, err := Launch(ctx, binary, env, m.opts...)
	if err != nil {
		return nil, err
	}
	m.current = p
	go m.keepAlive() // #nosec G118 -- the keep-alive outlives Launch's context by design; Close stops it
	return m, nil
}

// Plugin returns the live process, or nil while it is being restarted.
func (m *Managed) Plugin() *Plugin {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.current == nil || m.current.Exited() {
		return nil
	}
	return m.current
}

func (m *Managed) keepAlive() {
	defer close(m.done)
	t := time.NewTicker(m.tick)
	defer t.Stop()
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
		}
		m.mu.Lock()
		cur := m.current
		m.mu.Unlock()
		if cur != nil && !cur.Exited() {
			continue
		}
		m.log.Warn("plugin process exited; restarting", "binary", m.binary)
		if cur != nil {
			cur.Close() // reap and release go-plugin resources
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		p, err := Launch(ctx, m.binary, m.env, m.opts...)
		cancel()
		if err != nil {
			m.log.Error("failed to restart plugin", "error", err)
			continue
		}
		m.mu.Lock()
		if m.stopped {
			m.mu.Unlock()
			p.Close()
			return
		}
		m.current = p
		m.mu.Unlock()
		m.log.Info("plugin restarted", "pid", p.Pid())
	}
}

// Stop ends the keep-alive loop and stops the process gracefully, like
// Grafana's process.Service.Stop (Decommission, then Stop).
func (m *Managed) Stop() {
	m.mu.Lock()
	if m.stopped {
		m.mu.Unlock()
		return
	}
	m.stopped = true
	m.mu.Unlock()
	close(m.stop)
	<-m.done
	m.mu.Lock()
	cur := m.current
	m.current = nil
	m.mu.Unlock()
	if cur != nil {
		cur.Close()
	}
}
