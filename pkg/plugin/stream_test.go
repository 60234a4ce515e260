package plugin

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

func pluginContext(who caller) backend.PluginContext {
	pc := backend.PluginContext{OrgID: who.OrgID, PluginID: ID}
	if who.Role != "" {
		pc.User = &backend.User{Login: who.Login, Name: who.Login, Role: who.Role}
	}
	return pc
}

func TestSubscribeStreamChecksRoleOrgAndPath(t *testing.T) {
	a := testApp(t)
	id, v := declare(t, a, editor, "stream access")
	for _, tc := range []struct {
		name string
		who  caller
		path string
		want backend.SubscribeStreamStatus
	}{
		{"viewer of the org", viewer, "incident/" + id, backend.SubscribeStreamStatusOK},
		{"no user", nobody, "incident/" + id, backend.SubscribeStreamStatusPermissionDenied},
		{"role None", caller{OrgID: 1, Login: "nora", Role: "None"}, "incident/" + id, backend.SubscribeStreamStatusPermissionDenied},
		{"admin of another org", caller{OrgID: 2, Login: "mallory", Role: "Admin"}, "incident/" + id, backend.SubscribeStreamStatusNotFound},
		{"unknown incident", viewer, "incident/INC-2026-01-01-999", backend.SubscribeStreamStatusNotFound},
		{"other path", viewer, "incidents", backend.SubscribeStreamStatusNotFound},
		{"nested path", viewer, "incident/" + id + "/x", backend.SubscribeStreamStatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pc := pluginContext(tc.who)
			res, err := a.SubscribeStream(backend.WithPluginContext(context.Background(), pc), &backend.SubscribeStreamRequest{PluginContext: pc, Path: tc.path})
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != tc.want {
				t.Fatalf("status = %v, want %v", res.Status, tc.want)
			}
			if tc.want != backend.SubscribeStreamStatusOK {
				if res.InitialData != nil {
					t.Errorf("a refused subscription carries data")
				}
				return
			}
			// The initial frame tells the subscriber where the incident stands.
			if got := frameMark(t, res.InitialData.Data()); got.Version != v || got.LastSeq != 1 {
				t.Errorf("initial mark = %+v, want version %d, last event 1", got, v)
			}
		})
	}
	pub, err := a.PublishStream(context.Background(), &backend.PublishStreamRequest{PluginContext: pluginContext(admin), Path: "incident/" + id, Data: json.RawMessage(`{}`)})
	if err != nil || pub.Status != backend.PublishStreamStatusPermissionDenied {
		t.Errorf("publish = %+v, %v; want permission denied", pub, err)
	}
}

// TestRunStreamSeesChangesMadeByAnotherProcess runs the stream of one back
// end against a real PostgreSQL and changes the incident through a separate
// store handle (its own connection pool, as a second Grafana instance of an
// HA setup has): a frame must arrive within seconds of each change.
func TestRunStreamSeesChangesMadeByAnotherProcess(t *testing.T) {
	dsn := testpg.DSN(t)
	jd, _ := json.Marshal(map[string]string{"dataDir": t.TempDir()})
	inst, err := NewApp(context.Background(), backend.AppInstanceSettings{JSONData: jd,
		DecryptedSecureJSONData: map[string]string{"postgresDsn": dsn}})
	if err != nil {
		t.Fatal(err)
	}
	a := inst.(*App)
	t.Cleanup(a.Dispose)
	started := startReads{Store: a.store, done: make(chan struct{}, 1)}
	a.store = started
	other, err := stores.Open(context.Background(), store.Config{PostgresDSN: dsn})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = other.Close() })

	id, v := declare(t, a, editor, "stream across instances")
	frames := make(chan incidentMark, 10)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	pc := pluginContext(viewer)
	go func() {
		done <- a.RunStream(ctx, &backend.RunStreamRequest{PluginContext: pc, Path: "incident/" + id},
			backend.NewStreamSender(packetFunc(func(p *backend.StreamPacket) error {
				frames <- frameMark(t, p.Data)
				return nil
			})))
	}()
	expect := func(what string, want incidentMark) {
		t.Helper()
		select {
		case got := <-frames:
			if got != want {
				t.Fatalf("after %s: frame %+v, want %+v", what, got, want)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("after %s: no frame within 5 s", what)
		}
	}

	// The stream has its starting mark before anything changes. Nothing changed, so nothing is
	// sent: a frame sent without a change would arrive before the note's and fail expect.
	select {
	case <-started.done:
	case <-time.After(10 * time.Second): // a failure bound, not a wait
		t.Fatal("the stream did not read its starting mark")
	}

	// A note appends an event without changing the version.
	if _, err := other.AppendEvents(context.Background(), 1, id, []store.NewEvent{{Kind: incident.EventNote,
		Author: "eddie", At: time.Now().UTC(), Payload: map[string]any{"text": "from the other instance"}}}); err != nil {
		t.Fatal(err)
	}
	expect("a note", incidentMark{Version: v, LastSeq: 2})

	// A status change bumps the version and appends its event.
	inc, err := other.GetIncident(context.Background(), 1, id)
	if err != nil {
		t.Fatal(err)
	}
	inc.Status = incident.Identified
	if _, err := other.UpdateIncident(context.Background(), inc, []store.NewEvent{{Kind: incident.EventStatusChanged,
		Author: "eddie", At: time.Now().UTC(), Payload: map[string]any{"from": "investigating", "to": "identified"}}}); err != nil {
		t.Fatal(err)
	}
	expect("a status change", incidentMark{Version: v + 1, LastSeq: 3})

	// Grafana cancels the stream when the last subscriber leaves.
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("RunStream ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("RunStream did not return after cancel")
	}
	if r := call(t, a, viewer, "GET", "/incidents/"+id, ""); r.Status != http.StatusOK || r.JSON(t)["status"] != "identified" {
		t.Errorf("the app does not see the other instance's change: %d %s", r.Status, r.Body)
	}
}

type packetFunc func(*backend.StreamPacket) error

func (f packetFunc) Send(p *backend.StreamPacket) error { return f(p) }

// incidentMark is what a frame tells a subscriber: the incident's version
// and the seq of its last timeline event.
type incidentMark struct {
	Version int64
	LastSeq int64
}

// frameMark decodes the frame JSON a subscriber receives.
func frameMark(t *testing.T, b []byte) incidentMark {
	t.Helper()
	var f data.Frame
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("not a data frame: %v: %s", err, b)
	}
	if f.Rows() != 1 {
		t.Fatalf("frame has %d rows: %s", f.Rows(), b)
	}
	field := func(name string) int64 {
		fl, _ := f.FieldByName(name)
		if fl == nil {
			t.Fatalf("frame lacks %s: %s", name, b)
		}
		return fl.At(0).(int64)
	}
	return incidentMark{Version: field("version"), LastSeq: field("lastSeq")}
}

// startReads tells when a stream has read its starting mark (its one
// Marks call).
type startReads struct {
	store.Store
	done chan struct{}
}

func (s startReads) Marks(ctx context.Context, keys []store.Cursor) (map[store.Cursor]store.Mark, error) {
	defer func() {
		select {
		case s.done <- struct{}{}:
		default: // told already
		}
	}()
	return s.Store.Marks(ctx, keys)
}

// On SQLite the store announces its own writes in-process: a note posted
// through the API reaches every stream of the incident, all from the one
// watcher of the store.
func TestEveryStreamHearsANoteOnSQLite(t *testing.T) {
	a := testApp(t)
	id, v := declare(t, a, editor, "many streams")
	const streams = 20
	started := startReads{Store: a.store, done: make(chan struct{}, streams)}
	a.store = started
	frames := make(chan incidentMark, streams)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pc := pluginContext(viewer)
	for range streams {
		go func() {
			_ = a.RunStream(ctx, &backend.RunStreamRequest{PluginContext: pc, Path: "incident/" + id},
				backend.NewStreamSender(packetFunc(func(p *backend.StreamPacket) error {
					frames <- frameMark(t, p.Data)
					return nil
				})))
		}()
	}
	for range streams {
		<-started.done
	}
	if r := call(t, a, editor, "POST", "/incidents/"+id+"/events", `{"text":"note"}`); r.Status != http.StatusCreated {
		t.Fatalf("note: %d %s", r.Status, r.Body)
	}
	for n := range streams {
		select {
		case got := <-frames:
			if got != (incidentMark{Version: v, LastSeq: 2}) {
				t.Fatalf("frame %+v, want version %d, last event 2", got, v)
			}
		case <-time.After(10 * time.Second): // a failure bound, not a wait
			t.Fatalf("%d of %d streams sent the note's frame", n, streams)
		}
	}
}
