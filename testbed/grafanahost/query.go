package grafanahost

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// QueryData calls Data.QueryData like Grafana's ClientV2.QueryData
// (pkg/plugins/backendplugin/grpcplugin/client_v2.go): Unimplemented is
// ErrMethodNotImplemented, a lost connection ErrPluginUnavailable.
func (p *Plugin) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	if err := p.available(); err != nil {
		return nil, err
	}
	if p.c.data == nil {
		return nil, ErrMethodNotImplemented
	}
	resp, err := p.c.data.QueryData(ctx, backend.ToProto().QueryDataRequest(req))
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return nil, ErrMethodNotImplemented
		}
		if p.gone(err) {
			return nil, fmt.Errorf("%w: %v", ErrPluginUnavailable, err)
		}
		return nil, fmt.Errorf("failed to query data: %w", err)
	}
	return backend.FromProto().QueryDataResponse(resp)
}
