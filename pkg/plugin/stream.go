package plugin

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var _ backend.StreamHandler = (*App)(nil)

// streamPrefix is the Live channel path of one incident:
// plugin/warroom-incident-app/incident/<id>.
const streamPrefix = "incident/"

// SubscribeStream lets a signed-in user of the incident's org (Viewer or
// more) join its channel, and answers the current mark as initial data.
func (a *App) SubscribeStream(ctx context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	id, ok := incidentFromPath(req.Path)
	if !ok {
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusNotFound}, nil
	}
	if !mayRead(req.PluginContext) {
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusPermissionDenied}, nil
	}
	mark, err := a.readMark(ctx, req.PluginContext.OrgID, id)
	if errors.Is(err, store.ErrNotFound) {
		// Another org's incident looks exactly like a missing one.
		return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusNotFound}, nil
	}
	if err != nil {
		return nil, err
	}
	initial, err := backend.NewInitialFrame(markFrame(mark), data.IncludeAll)
	if err != nil {
		return nil, err
	}
	return &backend.SubscribeStreamResponse{Status: backend.SubscribeStreamStatusOK, InitialData: initial}, nil
}

// PublishStream refuses every publication: changes go through the resource
// API, which checks roles and records them on the timeline.
func (a *App) PublishStream(context.Context, *backend.PublishStreamRequest) (*backend.PublishStreamResponse, error) {
	return &backend.PublishStreamResponse{Status: backend.PublishStreamStatusPermissionDenied}, nil
}

// RunStream sends one small frame whenever the incident's version or last
// event changes, until Grafana cancels ctx (no subscribers left). It reads
// the store once, at the start: after that the process's one watcher
// (live.go) says what changed, from this process or another HA member, so
// the store's load does not grow with the streams.
func (a *App) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	id, ok := incidentFromPath(req.Path)
	if !ok {
		return fmt.Errorf("unknown stream path %q", req.Path)
	}
	orgID := req.PluginContext.OrgID
	// Watch first, then read: a change in between still arrives.
	sub := a.live.Watch(orgID, id)
	defer sub.Close()
	last, err := a.readMark(ctx, orgID, id)
	if err != nil {
		return err
	}
	for {
		var m store.Mark
		select {
		case <-ctx.Done():
			return nil
		case m = <-sub.C:
		}
		if m == last || m.Behind(last) {
			continue
		}
		last = m
		if err := sender.SendFrame(markFrame(m), data.IncludeAll); err != nil {
			return err
		}
	}
}

// readMark reads the incident's version and where its timeline ends in one
// query on primary keys (store.Changes.Marks), however long the timeline.
// Another org's incident has no mark: ErrNotFound, as a missing one.
func (a *App) readMark(ctx context.Context, orgID int64, id string) (store.Mark, error) {
	key := store.Cursor{OrgID: orgID, ID: id}
	marks, err := a.store.Marks(ctx, []store.Cursor{key})
	if err != nil {
		return store.Mark{}, err
	}
	m, ok := marks[key]
	if !ok {
		return store.Mark{}, store.ErrNotFound
	}
	return m, nil
}

// markFrame is the message subscribers get: which incident changed and to
// what version and last event; they refetch what they show.
func markFrame(m store.Mark) *data.Frame {
	return data.NewFrame("incident",
		data.NewField("incidentId", nil, []string{m.ID}),
		data.NewField("version", nil, []int64{m.Version}),
		data.NewField("lastSeq", nil, []int64{m.LastSeq}),
	)
}

func incidentFromPath(path string) (string, bool) {
	id, ok := strings.CutPrefix(path, streamPrefix)
	if !ok || id == "" || strings.Contains(id, "/") || len(id) > 64 {
		return "", false
	}
	return id, true
}

// mayRead mirrors the resource API's Viewer check (api.IdentityOf): a user
// with an org role, in an org. Grafana puts both in the plugin context; its
// anonymous user has no login and is let in with its anonymous org role.
func mayRead(pc backend.PluginContext) bool {
	id, err := api.IdentityOf(pc)
	return err == nil && id.Role >= api.RoleViewer
}
