package prometheus

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestAuthAndSecrets(t *testing.T) {
	const secret = "hunter2-very-secret"
	var gotAuth, gotPath atomic.Value
	echo := func(code int) func(http.ResponseWriter, *http.Request) {
		return func(w http.ResponseWriter, r *http.Request) {
			gotAuth.Store(r.Header.Get("Authorization"))
			gotPath.Store(r.URL.Path)
			// A misbehaving server echoing the credentials back must not
			// get them into the message.
			w.WriteHeader(code)
			fmt.Fprintf(w, `{"status":"error","errorType":"internal","error":"auth was %s"}`, r.Header.Get("Authorization"))
		}
	}
	cases := []struct {
		name, wantAuth, wantPath string
		cfg                      func(url string) Config
	}{
		{"basic", "Basic dXNlcjpodW50ZXIyLXZlcnktc2VjcmV0", "/api/v1/query_range", func(u string) Config { return Config{URL: u, BasicUser: "user", BasicPassword: secret} }},
		{"bearer", "Bearer " + secret, "/api/v1/query_range", func(u string) Config { return Config{URL: u, BearerToken: secret} }},
		{"grafana", "Bearer " + secret, "/grafana/api/datasources/proxy/uid/prom%2Fmain/api/v1/query_range",
			func(u string) Config {
				return Config{GrafanaURL: u + "/grafana", DatasourceUID: "prom/main", ServiceAccountToken: secret}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, code := range []int{401, 500, 418} {
				srv, _ := server(t, echo(code))
				_, err := query(client(t, tc.cfg(srv.URL)))
				if gotAuth.Load() != tc.wantAuth {
					t.Errorf("Authorization %q, want %q", gotAuth.Load(), tc.wantAuth)
				}
				if p := gotPath.Load(); p != strings.ReplaceAll(tc.wantPath, "%2F", "/") {
					t.Errorf("path %q, want %q", p, tc.wantPath)
				}
				if err == nil || strings.Contains(err.Error(), secret) || strings.Contains(err.Error(), "dXNlcjpodW50ZXIy") {
					t.Errorf("%d: error %v shows the secret", code, err)
				}
				if code == 401 && kindOf(err) != KindUnauthorized {
					t.Errorf("401: kind %s", kindOf(err))
				}
			}
		})
	}
}

func TestNewValidatesConfig(t *testing.T) {
	cases := []struct {
		cfg  Config
		want string
	}{
		{Config{}, "set the Prometheus URL"},
		{Config{URL: "http://p:9090", GrafanaURL: "http://g:3000", DatasourceUID: "x", ServiceAccountToken: "t"}, "not both"},
		{Config{GrafanaURL: "http://g:3000", ServiceAccountToken: "t"}, "data source UID"},
		{Config{GrafanaURL: "http://g:3000", DatasourceUID: "x"}, "service-account token"},
		{Config{URL: "p:9090"}, "absolute http"},
		{Config{URL: "http://admin:pa55word@p:9090"}, "must not contain credentials"},
		{Config{URL: "http://p:9090", BasicUser: "u", BasicPassword: "pa55word", BearerToken: "tok"}, "basic auth or a bearer token"},
	}
	for _, tc := range cases {
		_, err := New(tc.cfg, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "pa55word") {
			t.Errorf("New(%+v) = %v, want an error about %q without the password", tc.cfg, err, tc.want)
		}
	}
	c := client(t, Config{URL: "http://p:9090"})
	for _, bad := range []struct {
		q          string
		start, end time.Time
		step       time.Duration
	}{
		{" ", time.Unix(0, 0), time.Unix(60, 0), time.Second},
		{"up", time.Unix(60, 0), time.Unix(0, 0), time.Second},
		{"up", time.Unix(0, 0), time.Unix(60, 0), 0},
		{"up", time.Unix(0, 0), time.Unix(86400, 0), time.Second},
	} {
		if _, err := c.QueryRange(context.Background(), bad.q, bad.start, bad.end, bad.step); kindOf(err) != KindBadQuery {
			t.Errorf("%+v: err %v, want bad_query before any request", bad, err)
		}
	}
}
