package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/app"
	"github.com/grafana/grafana-plugin-sdk-go/backend/datasource"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
	"github.com/grafana/grafana-plugin-sdk-go/backend/tracing"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	incidentsds "github.com/warroom/warroom-incident-app/pkg/datasource"
	"github.com/warroom/warroom-incident-app/pkg/settings"
)

// Serve runs the one binary both plugin ids use. Grafana starts the app and
// its nested data source warroom-incidents-datasource as two processes of
// this binary (the data source runs its own copy from datasource/, see
// Magefile.go and package datasource for the Grafana sources). Each request says which one
// it is for: a plugin context with DataSourceInstanceSettings goes to the
// data source instances, any other to the app's.
func Serve() error {
	// What app.Manage does before serving (logger and tracer named by id).
	backend.SetupPluginEnvironment(ID)
	if err := backend.SetupTracer(ID, tracing.Opts{}); err != nil {
		return fmt.Errorf("setup tracer: %w", err)
	}
	d := newDispatch()
	// Wake the process store's scheduler and every org with a settings
	// snapshot now, not on the first request (boot.go); in the background,
	// so Grafana's handshake is not delayed by opening the store.
	// The nested data source's process (same binary, datasource/) serves
	// queries only: the app's process, which Grafana also starts at load,
	// runs the scheduler.
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	if proc := settings.FromOS(); !proc.NestedDataSource {
		go boot(ctx, proc, refreshEvery)
	}
	return backend.Manage(ID, backend.ServeOpts{
		CheckHealthHandler:  d,
		CallResourceHandler: d,
		QueryDataHandler:    d,
		StreamHandler:       d,
	})
}

type dispatch struct{ app, ds instances }

func newDispatch() *dispatch {
	return &dispatch{
		app: instances{app.NewInstanceManager(NewApp)},
		ds:  instances{datasource.NewInstanceManager(incidentsds.New)},
	}
}

func (d *dispatch) pick(pc backend.PluginContext) instances {
	if pc.DataSourceInstanceSettings != nil {
		return d.ds
	}
	return d.app
}

var errUnimplemented = status.Error(codes.Unimplemented, "unimplemented")

func (d *dispatch) QueryData(ctx context.Context, req *backend.QueryDataRequest) (*backend.QueryDataResponse, error) {
	h, err := d.pick(req.PluginContext).get(ctx, req.PluginContext)
	if err != nil {
		return nil, err
	}
	if q, ok := h.(backend.QueryDataHandler); ok {
		return q.QueryData(ctx, req)
	}
	return nil, errUnimplemented
}

func (d *dispatch) CheckHealth(ctx context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	h, err := d.pick(req.PluginContext).get(ctx, req.PluginContext)
	if err != nil {
		// As the SDK's automatic management does: the reason is the answer.
		return &backend.CheckHealthResult{Status: backend.HealthStatusError, Message: err.Error()}, nil
	}
	if c, ok := h.(backend.CheckHealthHandler); ok {
		return c.CheckHealth(ctx, req)
	}
	return nil, errUnimplemented
}

func (d *dispatch) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	h, err := d.pick(req.PluginContext).get(ctx, req.PluginContext)
	if err != nil {
		// A failed call would reach the browser as Grafana's generic 500;
		// the API's error shape says what to fix (unavailable.go).
		return sender.Send(unavailableResponse(ctx, err))
	}
	if c, ok := h.(backend.CallResourceHandler); ok {
		return c.CallResource(ctx, req, sender)
	}
	return errUnimplemented
}

func (d *dispatch) SubscribeStream(ctx context.Context, req *backend.SubscribeStreamRequest) (*backend.SubscribeStreamResponse, error) {
	h, err := d.pick(req.PluginContext).get(ctx, req.PluginContext)
	if err != nil {
		return nil, err
	}
	if s, ok := h.(backend.StreamHandler); ok {
		return s.SubscribeStream(ctx, req)
	}
	return nil, errUnimplemented
}

func (d *dispatch) PublishStream(ctx context.Context, req *backend.PublishStreamRequest) (*backend.PublishStreamResponse, error) {
	h, err := d.pick(req.PluginContext).get(ctx, req.PluginContext)
	if err != nil {
		return nil, err
	}
	if s, ok := h.(backend.StreamHandler); ok {
		return s.PublishStream(ctx, req)
	}
	return nil, errUnimplemented
}

func (d *dispatch) RunStream(ctx context.Context, req *backend.RunStreamRequest, sender *backend.StreamSender) error {
	h, err := d.pick(req.PluginContext).get(ctx, req.PluginContext)
	if err != nil {
		return err
	}
	if s, ok := h.(backend.StreamHandler); ok {
		return s.RunStream(ctx, req, sender)
	}
	return errUnimplemented
}

// instances wraps an SDK instance manager (one instance per org for the
// app, per data source for the data source; recreated on settings change).
type instances struct{ im instancemgmt.InstanceManager }

func (i instances) get(ctx context.Context, pc backend.PluginContext) (instancemgmt.Instance, error) {
	return i.im.Get(ctx, pc)
}
