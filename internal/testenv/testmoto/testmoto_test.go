package testmoto

import (
	"context"
	"net/http"
	"testing"
	"time"
)

// The harness starts a server that answers, seeds a world, and stops the
// server when the test ends.
func TestStartSeedStop(t *testing.T) {
	var endpoint string
	t.Run("run", func(t *testing.T) {
		endpoint = Start(t, "MOTO_ECS_SERVICE_RUNNING=1")
		proxied := Proxy(t, endpoint, nil)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		w, err := Seed(ctx, Config(proxied), "statux")
		if err != nil {
			t.Fatal(err)
		}
		if len(w.Instances) != 3 || len(w.ImageTags) != 6 || w.Target.TargetGroupARN == "" {
			t.Fatalf("world %+v", w)
		}
	})
	client := &http.Client{Timeout: time.Second}
	if resp, err := client.Get(endpoint + "/moto-api/"); err == nil {
		resp.Body.Close()
		t.Fatalf("moto still answers on %s after its test ended", endpoint)
	}
}
