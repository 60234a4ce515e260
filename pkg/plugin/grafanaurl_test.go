package plugin

import (
	"context"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// Grafana's root URL comes from the request's GrafanaConfig only: the
// catalog's code rules forbid reading GF_APP_URL from the environment, and
// Grafana sends it with every request (pluginconfig/request.go).
func TestGrafanaURLComesFromTheRequestConfigNotTheEnvironment(t *testing.T) {
	t.Setenv("GF_APP_URL", "http://from-the-environment:3000/")
	if got := grafanaURL(context.Background()); got != "" {
		t.Fatalf("without GrafanaConfig: %q, want empty (the environment is not read)", got)
	}
	ctx := backend.WithGrafanaConfig(context.Background(), backend.NewGrafanaCfg(map[string]string{backend.AppURL: "https://grafana.example/"}))
	if got := grafanaURL(ctx); got != "https://grafana.example/" {
		t.Fatalf("with GrafanaConfig: %q", got)
	}
}
