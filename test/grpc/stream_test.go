package grpc

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
)

// TestLiveStreamAcrossTwoProcesses is Grafana in HA as Live sees it: two
// plugin processes on one PostgreSQL. A browser subscribed through the first
// instance gets a frame over gRPC RunStream within seconds of a note posted
// through the second: the second process's write NOTIFYs the first one's
// live watcher (pkg/live) through PostgreSQL.
func TestLiveStreamAcrossTwoProcesses(t *testing.T) {
	dsn := testpg.DSN(t)
	in := newInstance(t, map[string]string{"postgresDsn": dsn})
	first, second := in.launch(t), in.launch(t)
	viewer := in.as(1, "Viewer", "vera")
	editor := in.as(1, "Editor", "eddie")

	code, body := call(t, second, editor, "POST", "/incidents", declareBody)
	if code != http.StatusCreated {
		t.Fatalf("declare: %d %s", code, body)
	}
	inc := decodeAs[incident](t, body)
	path := "incident/" + inc.ID

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sub, err := first.SubscribeStream(ctx, &backend.SubscribeStreamRequest{PluginContext: viewer, Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if sub.Status != backend.SubscribeStreamStatusOK || sub.InitialData == nil {
		t.Fatalf("subscribe = %+v, want OK with initial data", sub)
	}
	if v := frameField(t, sub.InitialData.Data(), "version"); v != inc.Version {
		t.Errorf("initial version %d, want %d", v, inc.Version)
	}
	for _, tc := range []struct {
		name string
		pc   backend.PluginContext
		path string
		want backend.SubscribeStreamStatus
	}{
		{"another org", in.as(2, "Admin", "mallory"), path, backend.SubscribeStreamStatusNotFound},
		{"no role", in.as(1, "None", "nora"), path, backend.SubscribeStreamStatusPermissionDenied},
		{"unknown path", viewer, "incidents/" + inc.ID, backend.SubscribeStreamStatusNotFound},
	} {
		res, err := first.SubscribeStream(ctx, &backend.SubscribeStreamRequest{PluginContext: tc.pc, Path: tc.path})
		if err != nil || res.Status != tc.want {
			t.Errorf("%s: subscribe = %+v, %v; want status %v", tc.name, res, err, tc.want)
		}
	}

	packets := make(chan []byte, 4)
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() {
		done <- first.RunStream(runCtx, &backend.RunStreamRequest{PluginContext: viewer, Path: path}, func(b []byte) error {
			packets <- b
			return nil
		})
	}()
	// When the stream has read its starting point is not visible from here, and a note posted
	// before that is part of it (no frame). So notes are posted through the other process, one a
	// second, until a frame arrives: it must carry the last seq of a posted note (declared is 1).
	// The outcome does not depend on the machine's speed, only how many notes it takes.
	bound := time.After(30 * time.Second)
	posted := map[int64]time.Time{}
	retry := time.NewTicker(time.Second)
	defer retry.Stop()
	for seq := int64(2); ; seq++ {
		posted[seq] = time.Now()
		if code, body := call(t, second, editor, "POST", "/incidents/"+inc.ID+"/events", `{"text":"seen from the other instance"}`); code != http.StatusCreated {
			t.Fatalf("note: %d %s", code, body)
		}
		select {
		case b := <-packets:
			got := frameField(t, b, "lastSeq")
			at, ok := posted[got]
			if !ok {
				t.Fatalf("frame lastSeq %d, want the seq of a posted note (2..%d)", got, seq)
			}
			t.Logf("frame %s after note %d", time.Since(at).Round(time.Millisecond), got)
		case <-retry.C:
			continue
		case <-bound:
			t.Fatalf("no frame within 30 s of notes posted through the other process (%d notes)", seq-1)
		}
		break
	}
	stop()
	select {
	case err := <-done:
		if err != nil && ctx.Err() == nil && runCtx.Err() == nil {
			t.Errorf("RunStream: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Error("RunStream did not end after the subscriber left")
	}
}

// frameField reads an int64 field of the one-row frame the stream sends.
func frameField(t *testing.T, b []byte, name string) int64 {
	t.Helper()
	var f data.Frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("not a data frame: %v: %s", err, b)
	}
	field, _ := f.FieldByName(name)
	if field == nil || field.Len() != 1 {
		t.Fatalf("frame has no single %s: %s", name, b)
	}
	return field.At(0).(int64)
}
