package grafanahost

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// streamClient dispenses the plugin's stream service, as Grafana's
// newClientV2 does once at start (pkg/plugins/backendplugin/grpcplugin/
// client_v2.go); dispensing again only builds another stub on the same
// connection.
func (p *Plugin) streamClient() (grpcplugin.StreamClient, error) {
	if err := p.available(); err != nil {
		return nil, err
	}
	rpc, err := p.client.Client()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrPluginUnavailable, err)
	}
	raw, err := rpc.Dispense("stream")
	if err != nil {
		return nil, fmt.Errorf("dispense stream: %w", err)
	}
	c, ok := raw.(grpcplugin.StreamClient)
	if !ok || c == nil {
		return nil, ErrMethodNotImplemented
	}
	return c, nil
}

// SubscribeStream is ClientV2.SubscribeStream: what Grafana Live asks the
// plugin when a browser subscribes to plugin/<id>/<path>.
func (p *Plugin) SubscribeStream(ctx context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	c, err := p.streamClient()
	if err != nil {
		return nil, err
	}
	resp, err := c.SubscribeStream(ctx, backend.ToProto().SubscribeStreamRequest(req))
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return nil, ErrMethodNotImplemented
		}
		return nil, err
	}
	return backend.FromProto().SubscribeStreamResponse(resp), nil
}

// RunStream is ClientV2.RunStream: Grafana Live runs it while a channel has
// subscribers and forwards each packet's JSON to them; it ends when ctx is
// cancelled (no subscribers left) or the plugin closes the stream (io.EOF).
func (p *Plugin) RunStream(ctx context.Context, req *backend.RunStreamRequest, onPacket func(data []byte) error) error {
	c, err := p.streamClient()
	if err != nil {
		return err
	}
	stream, err := c.RunStream(ctx, backend.ToProto().RunStreamRequest(req))
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return ErrMethodNotImplemented
		}
		return fmt.Errorf("failed to call resource: %w", err)
	}
	for {
		packet, err := stream.Recv()
		if err != nil {
			switch {
			case status.Code(err) == codes.Unimplemented:
				return ErrMethodNotImplemented
			case errors.Is(err, io.EOF):
				return nil
			}
			return fmt.Errorf("error running stream: %w", err)
		}
		if err := onPacket(packet.Data); err != nil {
			return err
		}
	}
}
