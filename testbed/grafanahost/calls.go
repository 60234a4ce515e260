package grafanahost

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/grpcplugin"
	"github.com/grafana/grafana-plugin-sdk-go/genproto/pluginv2"
	goplugin "github.com/hashicorp/go-plugin"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// ErrMethodNotImplemented mirrors plugins.ErrMethodNotImplemented: the plugin
// does not serve the service (Grafana answers 404 for resources then).
var ErrMethodNotImplemented = errors.New("method not implemented")

// ErrEmptyResponse is what Grafana's flushStream reports when the plugin
// closed the resource stream without sending anything.
var ErrEmptyResponse = errors.New("received empty resource response")

// clientV2 holds the dispensed service clients, as Grafana's ClientV2 does.
type clientV2 struct {
	diagnostics grpcplugin.DiagnosticsClient
	resource    grpcplugin.ResourceClient
	data        grpcplugin.DataClient // QueryData of the nested data source (query.go)
}

func newClientV2(rpc goplugin.ClientProtocol) (*clientV2, error) {
	c := &clientV2{}
	raw, err := rpc.Dispense("diagnostics")
	if err != nil {
		return nil, fmt.Errorf("dispense diagnostics: %w", err)
	}
	c.diagnostics, _ = raw.(grpcplugin.DiagnosticsClient)
	raw, err = rpc.Dispense("resource")
	if err != nil {
		return nil, fmt.Errorf("dispense resource: %w", err)
	}
	c.resource, _ = raw.(grpcplugin.ResourceClient)
	// Grafana also dispenses stream, admission and conversion; the test
	// bed's routes do not use them, and dispensing only builds a stub.
	raw, err = rpc.Dispense("data")
	if err != nil {
		return nil, fmt.Errorf("dispense data: %w", err)
	}
	c.data, _ = raw.(grpcplugin.DataClient)
	for _, name := range []string{"stream", "admission", "conversion"} {
		if _, err := rpc.Dispense(name); err != nil {
			return nil, fmt.Errorf("dispense %s: %w", name, err)
		}
	}
	return c, nil
}

// available follows grpcPlugin.getPluginClient: no calls to a dead process.
func (p *Plugin) available() error {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed || p.client.Exited() {
		return ErrPluginUnavailable
	}
	return nil
}

// gone reports whether err means the process or its connection is gone.
// Grafana's client_v2.go maps codes.Unavailable to "connection unavailable"
// for data queries; the test bed does it for every call, because right
// after a crash go-plugin may not have noticed the exit yet.
func (p *Plugin) gone(err error) bool {
	return status.Code(err) == codes.Unavailable || p.client.Exited()
}

// CheckHealth calls Diagnostics.CheckHealth with the plugin context, like
// ClientV2.CheckHealth (Unimplemented becomes status UNKNOWN).
func (p *Plugin) CheckHealth(ctx context.Context, pc backend.PluginContext) (*backend.CheckHealthResult, error) {
	if err := p.available(); err != nil {
		return nil, err
	}
	if p.c.diagnostics == nil {
		return nil, ErrMethodNotImplemented
	}
	resp, err := p.c.diagnostics.CheckHealth(ctx, &pluginv2.CheckHealthRequest{
		PluginContext: backend.ToProto().PluginContext(pc),
		Headers:       map[string]string{},
	})
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return &backend.CheckHealthResult{Status: backend.HealthStatusUnknown, Message: "Health check not implemented"}, nil
		}
		if p.gone(err) {
			return nil, fmt.Errorf("%w: %v", ErrPluginUnavailable, err)
		}
		return nil, err
	}
	return backend.FromProto().CheckHealthResponse(resp), nil
}

// ResourceRequest builds the CallResourceRequest Grafana's
// pluginResourceRequest/makePluginResourceRequest would send for
// /api/plugins/<id>/resources/<path>: Path is the wildcard part without the
// leading slash and without the query, URL is the path plus the query.
func ResourceRequest(pc backend.PluginContext, method, path string, headers http.Header, body []byte) *backend.CallResourceRequest {
	path = strings.TrimPrefix(path, "/")
	rawPath, query, _ := strings.Cut(path, "?")
	u := rawPath
	if query != "" {
		u += "?" + query
	}
	if headers == nil {
		headers = http.Header{}
	}
	return &backend.CallResourceRequest{
		PluginContext: pc,
		Path:          rawPath,
		Method:        method,
		URL:           u,
		Headers:       headers,
		Body:          body,
	}
}

// CallResourceStream sends req and hands every streamed response to fn in
// order: the first carries status and headers, later ones only more body
// (Grafana's flushStream relies on the same convention).
func (p *Plugin) CallResourceStream(ctx context.Context, req *backend.CallResourceRequest, fn func(*backend.CallResourceResponse) error) error {
	if err := p.available(); err != nil {
		return err
	}
	if p.c.resource == nil {
		return ErrMethodNotImplemented
	}
	stream, err := p.c.resource.CallResource(ctx, backend.ToProto().CallResourceRequest(req))
	if err != nil {
		if status.Code(err) == codes.Unimplemented {
			return ErrMethodNotImplemented
		}
		if p.gone(err) {
			return fmt.Errorf("%w: %v", ErrPluginUnavailable, err)
		}
		return fmt.Errorf("failed to call resource: %w", err)
	}
	n := 0
	for {
		msg, err := stream.Recv()
		if errors.Is(err, io.EOF) {
			if n == 0 {
				return ErrEmptyResponse
			}
			return nil
		}
		if err != nil {
			if status.Code(err) == codes.Unimplemented {
				return ErrMethodNotImplemented
			}
			if p.gone(err) {
				return fmt.Errorf("%w: %v", ErrPluginUnavailable, err)
			}
			return fmt.Errorf("failed to receive call resource response: %w", err)
		}
		n++
		if err := fn(backend.FromProto().CallResourceResponse(msg)); err != nil {
			return err
		}
	}
}

// CallResource calls one resource and collects the streamed response.
// path may carry a query ("incidents?status=resolved").
func (p *Plugin) CallResource(ctx context.Context, pc backend.PluginContext, method, path string, headers http.Header, body []byte) (int, http.Header, []byte, error) {
	var (
		code int
		hdr  = http.Header{}
		out  []byte
	)
	first := true
	err := p.CallResourceStream(ctx, ResourceRequest(pc, method, path, headers, body), func(r *backend.CallResourceResponse) error {
		if first {
			first = false
			code = r.Status
			for k, vs := range r.Headers {
				for _, v := range vs {
					hdr.Add(k, v)
				}
			}
		}
		out = append(out, r.Body...)
		return nil
	})
	if err != nil {
		return 0, nil, nil, err
	}
	return code, hdr, out, nil
}
