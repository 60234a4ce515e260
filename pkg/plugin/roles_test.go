package plugin

import (
	"context"
	"strings"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

func TestHealthAndStartupErrorsRevealNoInternals(t *testing.T) {
	a := testApp(t)
	res, err := a.CheckHealth(context.Background(), &backend.CheckHealthRequest{})
	if err != nil || res.Status != backend.HealthStatusOk || strings.Contains(res.Message, "/") {
		t.Fatalf("health: %+v %v", res, err)
	}
	_, err = NewApp(context.Background(), backend.AppInstanceSettings{
		DecryptedSecureJSONData: map[string]string{"postgresDsn": "postgres://warroom:s3cret@127.0.0.1:1/db?connect_timeout=1"}})
	if err == nil || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "127.0.0.1") || strings.Contains(err.Error(), "warroom:") {
		t.Fatalf("startup error leaks connection details: %v", err)
	}
}
