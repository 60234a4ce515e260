package grafanaapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/config"
)

const secret = "glsa_secret_token_0123456789"

func TestFromContext(t *testing.T) {
	ctxWith := func(org int64, cfg map[string]string) context.Context {
		ctx := backend.WithPluginContext(context.Background(), backend.PluginContext{OrgID: org})
		return config.WithGrafanaConfig(ctx, config.NewGrafanaCfg(cfg))
	}
	full := map[string]string{backend.AppURL: "http://grafana:3000/", backend.AppClientSecret: secret}
	c, ok := FromContext(ctxWith(1, full))
	if !ok || c.BaseURL != "http://grafana:3000/" || c.Token != secret {
		t.Fatalf("org 1 with both: %+v %v", c, ok)
	}
	if _, ok := FromContext(ctxWith(2, full)); ok {
		t.Fatal("org 2: the service account lives in org 1 only")
	}
	t.Setenv(backend.AppClientSecret, "")
	t.Setenv(backend.AppURL, "")
	if _, ok := FromContext(ctxWith(1, map[string]string{backend.AppURL: "http://grafana:3000/"})); ok {
		t.Fatal("no secret (toggle off) must be false")
	}
	if _, ok := FromContext(ctxWith(1, map[string]string{backend.AppClientSecret: secret})); ok {
		t.Fatal("no app URL must be false")
	}
}

func TestStatusMapping(t *testing.T) {
	var code int
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+secret {
			t.Errorf("Authorization %q", r.Header.Get("Authorization"))
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	c := Client{BaseURL: srv.URL + "/", Token: secret}
	for _, tc := range []struct {
		code int
		body string
		want error
	}{
		{404, `{"message":"Team not found"}`, ErrNotFound},
		{401, `{"message":"Invalid API key"}`, ErrUnauthorized},
		{403, `{"message":"You'll need additional permissions to perform this action. Permissions needed: teams:read"}`, ErrUnauthorized},
		{500, `{"message":"Failed to get Team"}`, ErrUnavailable},
		{503, ``, ErrUnavailable},
	} {
		code, body = tc.code, tc.body
		_, err := c.Team(context.Background(), 7)
		if !errors.Is(err, tc.want) {
			t.Fatalf("%d: %v, want %v", tc.code, err, tc.want)
		}
		if strings.Contains(err.Error(), secret) {
			t.Fatalf("the token leaked into %q", err)
		}
		if tc.want == ErrUnauthorized && !strings.Contains(err.Error(), PermTeamsRead) {
			t.Fatalf("403 must name the permission: %v", err)
		}
	}
}

func TestUnreachableIsUnavailable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := Client{BaseURL: url, Token: secret}.OrgUsers(context.Background(), "", 10)
	if !errors.Is(err, ErrUnavailable) || strings.Contains(err.Error(), secret) {
		t.Fatalf("got %v", err)
	}
}

func TestResponsesAreBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = w.Write([]byte("["))
		chunk := []byte(strings.Repeat(`{"userId":1,"login":"x"},`, 1000))
		for i := 0; i < 300; i++ { // ~7 MiB
			_, _ = w.Write(chunk)
		}
	}))
	defer srv.Close()
	_, err := Client{BaseURL: srv.URL, Token: secret}.OrgUsers(context.Background(), "", 10)
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("got %v", err)
	}
}

func TestLimitsAreClampedAndApplied(t *testing.T) {
	var gotLimit string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotLimit = r.URL.Query().Get("limit")
		_, _ = w.Write([]byte(`[{"userId":1,"login":"a"},{"userId":2,"login":"b"},{"userId":3,"login":"c"}]`))
	}))
	defer srv.Close()
	c := Client{BaseURL: srv.URL, Token: secret}
	users, err := c.OrgUsers(context.Background(), "", 2)
	if err != nil || len(users) != 2 || gotLimit != "2" {
		t.Fatalf("limit 2: %v %v %q", users, err, gotLimit)
	}
	if _, err := c.OrgUsers(context.Background(), "", 1_000_000); err != nil || gotLimit != "1000" {
		t.Fatalf("limit clamp: %v %q", err, gotLimit)
	}
}

func TestNoTokenIsUnauthorizedWithoutACall(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("called") }))
	defer srv.Close()
	if _, err := (Client{BaseURL: srv.URL}).Teams(context.Background(), "", 5); !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("got %v", err)
	}
}
