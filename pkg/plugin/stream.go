package plugin

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

var _ backend.StreamHandler = (*App)(nil)

// streamPrefix is the Live channel path of one incident:
// plugin/warroom-incident-app/incident/<id>.
const streamPrefix = "incident/"

// streamPoll is how often RunStream reads the store. Polling the shared store
// (not an in-process event) is what makes a change made through another
// Grafana instance of an HA setup reach this instance's subscribers.
var streamPoll = time.Second

// incidentMark is what subscribers need to know to refetch: the incident's
// version and the seq of its last timeline event (notes and status updates
// append events without changing the version).
type incidentMark struct {
	Version int64
	LastSeq int64
}

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
	initial, err := backend.NewInitialFrame(markFrame(id, mark), data.IncludeAll)
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
// event changes, until Grafana cancels ctx (no subscribers left).
func (a *App) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	id, ok := incidentFromPath(req.Path)
	if !ok {
		return fmt.Errorf("unknown stream path %q", req.Path)
	}
	orgID := req.PluginContext.OrgID
	last, err := a.readMark(ctx, orgID, id)
	if err != nil {
		return err
	}
	tick := time.NewTicker(streamPoll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		mark, err := a.readMark(ctx, orgID, id)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			// A store hiccup must not end the stream for everyone: the next
			// tick tries again.
			log.DefaultLogger.FromContext(ctx).Warn("incident stream poll failed", "incident", id, "error", err)
			continue
		}
		if mark == last {
			continue
		}
		last = mark
		if err := sender.SendFrame(markFrame(id, mark), data.IncludeAll); err != nil {
			return err
		}
	}
}

// readMark reads the incident's version and where its timeline ends: two
// lookups on primary keys, however long the timeline (the mark needs only
// the last seq, not the events).
func (a *App) readMark(ctx context.Context, orgID int64, id string) (incidentMark, error) {
	inc, err := a.store.GetIncident(ctx, orgID, id)
	if err != nil {
		return incidentMark{}, err
	}
	last, err := a.store.LastSeq(ctx, orgID, id)
	if err != nil {
		return incidentMark{}, err
	}
	return incidentMark{Version: inc.Version, LastSeq: last}, nil
}

// markFrame is the message subscribers get: which incident changed and to
// what version and last event; they refetch what they show.
func markFrame(id string, m incidentMark) *data.Frame {
	return data.NewFrame("incident",
		data.NewField("incidentId", nil, []string{id}),
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
