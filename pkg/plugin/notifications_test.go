package plugin

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/hashicorp/go-hclog"

	"github.com/warroom/warroom-incident-app/pkg/notify"
)

// syncBuffer collects the plugin's log lines across goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A status update sent through a webhook channel reaches a real receiver,
// signed, once, and the timeline records its delivery; the channel URL and
// secret appear in no response and no log line.
func TestStatusUpdateThroughChannel(t *testing.T) {
	logs := &syncBuffer{}
	prevOut, prevLogger := hclog.DefaultOutput, log.DefaultLogger
	hclog.DefaultOutput = logs
	log.DefaultLogger = log.New()
	t.Cleanup(func() { hclog.DefaultOutput, log.DefaultLogger = prevOut, prevLogger })

	var mu sync.Mutex
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := notify.Verify("hm4c-k3y", r.Header.Get("X-Warroom-Timestamp"), body, r.Header.Get("X-Warroom-Signature"), time.Now(), time.Minute); err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		mu.Lock()
		got = append(got, string(body))
		mu.Unlock()
	}))
	defer srv.Close()
	hook := srv.URL + "/hooks/s3cr3t-path"

	jd, _ := json.Marshal(map[string]any{"dataDir": t.TempDir(), "notifications": map[string]any{"channels": []map[string]any{
		{"name": "status-page", "kind": "webhook", "events": []string{"status_update"}},
		{"name": "unset", "kind": "slack"},
	}}})
	ctx := backend.WithPluginContext(context.Background(), backend.PluginContext{OrgID: 1, PluginID: ID})
	inst, err := NewApp(ctx, backend.AppInstanceSettings{JSONData: jd, DecryptedSecureJSONData: map[string]string{
		"notifyUrl_status-page": hook, "notifySecret_status-page": "hm4c-k3y"}})
	if err != nil {
		t.Fatal(err)
	}
	a := inst.(*App)
	t.Cleanup(a.Dispose)

	id, _ := declare(t, a, editor, "Checkout errors")
	if r := call(t, a, editor, "POST", "/incidents/"+id+"/updates", `{"body":"Investigating.","channels":["status-page","status-page","nope"]}`); r.Status != http.StatusBadRequest ||
		!strings.Contains(string(r.Body), `"channels[1]"`) || !strings.Contains(string(r.Body), `"channels[2]"`) {
		t.Fatalf("bad channel list: %d %s", r.Status, r.Body)
	}
	r := call(t, a, editor, "POST", "/incidents/"+id+"/updates", `{"subject":"Checkout","body":"We are investigating.","channels":["status-page"]}`)
	if r.Status != http.StatusCreated || r.JSON(t)["kind"] != "status_update" {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	deadline := time.Now().Add(15 * time.Second)
	var events string
	for {
		events = string(call(t, a, viewer, "GET", "/incidents/"+id+"/events", "").Body)
		if strings.Contains(events, "notification_delivered") || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || !strings.Contains(got[0], "We are investigating.") || !strings.Contains(got[0], `"kind":"status_update"`) {
		t.Fatalf("receiver got %v, want the update once", got)
	}
	if strings.Count(events, "notification_delivered") != 1 {
		t.Errorf("timeline: %s", events)
	}
	health, err := a.CheckHealth(ctx, &backend.CheckHealthRequest{PluginContext: backend.PluginContext{OrgID: 1}})
	if err != nil || !strings.Contains(health.Message, "notifications.channels[1].url") {
		t.Errorf("health %+v (%v), want the unset channel URL named as a problem", health, err)
	}
	list := call(t, a, viewer, "GET", "/notifications/channels", "")
	if list.Status != http.StatusOK || !strings.Contains(string(list.Body), `"name":"status-page"`) {
		t.Errorf("channel list: %d %s", list.Status, list.Body)
	}
	everything := events + health.Message + string(list.Body) + logs.String()
	for _, secret := range []string{"s3cr3t-path", "hm4c-k3y", srv.URL} {
		if strings.Contains(everything, secret) {
			t.Errorf("%q leaked into a response or the log", secret)
		}
	}
}
