package plugin

import (
	"context"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/warroom/warroom-incident-app/pkg/api"
)

// CallResource answers, in the API's error shape, the calls the SDK's
// httpadapter cannot turn into an http.Request (a control character in the
// forwarded path fails the gRPC call, which Grafana shows as a bare 500) or
// would read differently from what Grafana forwarded (api.RefuseResource);
// every other call goes to the router through the httpadapter that newApp
// sets as the embedded CallResourceHandler. Declared on *App, it takes
// precedence over the embedded handler's method.
func (a *App) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	if refusal := api.RefuseResource(req); refusal != nil {
		return sender.Send(refusal)
	}
	return a.CallResourceHandler.CallResource(ctx, req, sender)
}
