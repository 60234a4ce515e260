// Command echoplugin is a minimal SDK app plugin used to test grafanahost and
// the test bed server without depending on Warroom's own back end: it echoes
// what Grafana's side sent so the tests can check every field arrives.
package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"sync/atomic"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/app"
	"github.com/grafana/grafana-plugin-sdk-go/backend/instancemgmt"
)

var instances atomic.Int64

type inst struct{ seq int64 }

func newInstance(_ context.Context, _ backend.AppInstanceSettings) (instancemgmt.Instance, error) {
	return &inst{seq: instances.Add(1)}, nil
}

func (i *inst) CheckHealth(_ context.Context, req *backend.CheckHealthRequest) (*backend.CheckHealthResult, error) {
	return &backend.CheckHealthResult{Status: backend.HealthStatusOk, Message: "echo store ready"}, nil
}

// Echo is the JSON the default route answers with.
type Echo struct {
	Instance  int64               `json:"instance"`
	Method    string              `json:"method"`
	Path      string              `json:"path"`
	URL       string              `json:"url"`
	Headers   map[string][]string `json:"headers"`
	Body      string              `json:"body"`
	OrgID     int64               `json:"orgId"`
	Namespace string              `json:"namespace"`
	User      *backend.User       `json:"user"`
	JSONData  json.RawMessage     `json:"jsonData"`
	Secure    map[string]string   `json:"secure"`
	Updated   int64               `json:"updatedMs"`
	AppURL    string              `json:"appUrl"`
	UserAgent string              `json:"userAgent"`
	Env       map[string]string   `json:"env"`
}

func (i *inst) CallResource(ctx context.Context, req *backend.CallResourceRequest, sender backend.CallResourceResponseSender) error {
	switch req.Path {
	case "stream":
		if err := sender.Send(&backend.CallResourceResponse{Status: 202, Headers: map[string][]string{"X-Part": {"1"}}, Body: []byte("one,")}); err != nil {
			return err
		}
		if err := sender.Send(&backend.CallResourceResponse{Body: []byte("two,")}); err != nil {
			return err
		}
		return sender.Send(&backend.CallResourceResponse{Body: []byte("three")})
	case "empty":
		return nil
	case "crash":
		os.Exit(3)
	}
	pc := req.PluginContext
	// Both OrgID and Namespace: the host sends both, and the echo proves it.
	e := Echo{Instance: i.seq, Method: req.Method, Path: req.Path, URL: req.URL, Headers: req.Headers,
		Body: string(req.Body), OrgID: pc.OrgID, Namespace: pc.Namespace, User: pc.User, Env: map[string]string{}}
	if s := pc.AppInstanceSettings; s != nil {
		e.JSONData, e.Secure, e.Updated = s.JSONData, s.DecryptedSecureJSONData, s.Updated.UnixMilli()
	}
	if pc.GrafanaConfig != nil {
		e.AppURL, _ = pc.GrafanaConfig.AppURL()
	}
	if pc.UserAgent != nil {
		e.UserAgent = pc.UserAgent.String()
	}
	// The whole environment, so the test bed's tests see everything the
	// plugin got (and nothing it should not).
	for _, kv := range os.Environ() {
		k, v, _ := strings.Cut(kv, "=")
		e.Env[k] = v
	}
	body, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return sender.Send(&backend.CallResourceResponse{Status: 200,
		Headers: map[string][]string{"content-type": {"application/json"}, "Set-Cookie": {"evil=1"}}, Body: body})
}

func main() {
	if err := app.Manage("warroom-incident-app", newInstance, app.ManageOpts{}); err != nil {
		os.Exit(1)
	}
}
