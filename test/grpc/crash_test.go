package grpc

import (
	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"net/http"
	"strings"
	"testing"
)

// crashAndRecover declares 20 incidents, SIGKILLs the process right after
// the last 201, starts the binary again on the same store and expects every
// acknowledged incident to be there: an acknowledged write is durable.
func crashAndRecover(t *testing.T, in *instance, storeWord string) {
	p := in.launch(t)
	editor := in.as(1, "Editor", "ed")
	res, err := p.CheckHealth(t.Context(), editor)
	if err != nil || res.Status != backend.HealthStatusOk || !strings.Contains(res.Message, storeWord) {
		t.Fatalf("CheckHealth %+v %v: want OK from the %s store", res, err, storeWord)
	}
	var acked []string
	for i := 0; i < 20; i++ {
		code, body := call(t, p, editor, "POST", "incidents", declareBody)
		if code != http.StatusCreated {
			t.Fatalf("declare #%d: %d %s", i+1, code, body)
		}
		acked = append(acked, decodeAs[incident](t, body).ID)
	}
	if err := p.Kill(); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	if !p.Exited() {
		t.Fatal("plugin still running after SIGKILL")
	}

	p2 := in.launch(t)
	if p2.Pid() == p.Pid() {
		t.Fatal("relaunch reused the killed process")
	}
	seen := map[string]bool{}
	for _, id := range acked {
		if seen[id] {
			t.Fatalf("id %s acknowledged twice", id)
		}
		seen[id] = true
		code, body := call(t, p2, in.as(1, "Viewer", "vera"), "GET", "incidents/"+id, "")
		if code != http.StatusOK || decodeAs[incident](t, body).ID != id {
			t.Fatalf("after crash, GET %s: %d %s", id, code, body)
		}
	}
	code, body := call(t, p2, in.as(1, "Viewer", "vera"), "GET", "incidents?limit=500", "")
	list := decodeAs[struct {
		Total int `json:"total"`
	}](t, body)
	if code != http.StatusOK || list.Total != len(acked) {
		t.Fatalf("after crash, list: %d total %d, want %d", code, list.Total, len(acked))
	}
}

func TestCrashSQLite(t *testing.T) {
	crashAndRecover(t, newInstance(t, nil), "SQLite")
}
