package plugin

import (
	"context"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/config"
)

// Grafana's root URL comes from the request's GrafanaConfig (pluginconfig/
// request.go sends GF_APP_URL with every request); the SDK's own fallback for
// older Grafanas is the only place the environment is consulted.
func TestGrafanaURLComesFromTheRequestConfig(t *testing.T) {
	t.Setenv("GF_APP_URL", "http://from-the-environment:3000/")
	ctx := config.WithGrafanaConfig(context.Background(), config.NewGrafanaCfg(map[string]string{config.AppURL: "https://grafana.example/"}))
	if got := grafanaURL(ctx); got != "https://grafana.example/" {
		t.Fatalf("with GrafanaConfig: %q", got)
	}
	t.Setenv("GF_APP_URL", "")
	if got := grafanaURL(context.Background()); got != "" {
		t.Fatalf("without GrafanaConfig and without the SDK's fallback: %q, want empty", got)
	}
}
