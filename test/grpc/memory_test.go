package grpc

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/internal/testenv"
	"github.com/warroom/warroom-incident-app/testbed/grafanahost"
)

// The worst day, in memory: 500 open incidents, each with a maximal
// post-mortem (64 KiB) and 2,000 timeline events: 1,000,000 events, about
// 250 MiB as stored, several times that decoded. The back end's peak RSS stays under rssCeilingMiB
// across scheduler ticks and the list calls of the incidents page, the
// timers panel and an incident page: no path holds every timeline or every
// post-mortem at once.
const (
	memIncidents = 500
	memEvents    = 2000 // per incident, the declared event included
	memTicks     = 3    // scheduler ticks observed after the seed
	// rssCeilingMiB is the peak RSS (VmHWM) allowed: the highest measured
	// peak × 1.5. Measured 2026-12-05 on 2 cores at load averages 6–15,
	// with and without stress-ng --cpu 2: 193–232 MiB (the scheduler and /timers still read whole timelines then, one
	// incident at a time); a path that decoded every timeline at once
	// would pass it several times over.
	rssCeilingMiB = 350
)

func TestMemoryStaysBoundedWithFiveHundredLargeIncidents(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 1,000,000 events")
	}
	in := newInstance(t, nil)
	ids := seedLargeStore(t, filepath.Join(in.dataDir, "warroom.db"))

	p := in.launch(t)
	viewer := in.as(1, "Viewer", "vera")
	get := func(path string) []byte {
		t.Helper()
		code, body := call(t, p, viewer, "GET", path, "")
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, code, body)
		}
		return body
	}
	lastTick := func() time.Time {
		var s struct {
			LastTick *time.Time `json:"lastTick"`
		}
		if err := json.Unmarshal(get("scheduler/status"), &s); err != nil {
			t.Fatal(err)
		}
		if s.LastTick == nil {
			return time.Time{}
		}
		return *s.LastTick
	}
	// Each round: the list calls, then wait for the scheduler's next
	// heartbeat (the status route), never for a fixed time.
	poll := time.NewTicker(250 * time.Millisecond)
	defer poll.Stop()
	deadline := time.After(10 * time.Minute)
	seen := lastTick()
	for tick := 0; tick < memTicks; tick++ {
		total := 0
		for offset := 0; offset == 0 || offset < total; offset += 100 {
			var page struct {
				Total int `json:"total"`
			}
			if err := json.Unmarshal(get(fmt.Sprintf("incidents?status=investigating&limit=100&offset=%d", offset)), &page); err != nil {
				t.Fatal(err)
			}
			total = page.Total
		}
		if total != memIncidents {
			t.Fatalf("the list counts %d open incidents, want %d", total, memIncidents)
		}
		get("timers")
		for _, id := range []string{ids[tick], ids[len(ids)/2+tick], ids[len(ids)-1-tick]} {
			get("incidents/" + id)
			get("incidents/" + id + "/events")
			get("incidents/" + id + "/timers")
		}
		for now := lastTick(); !now.After(seen); now = lastTick() {
			select {
			case <-poll.C:
			case <-deadline:
				t.Fatalf("no scheduler tick after %s (tick %d of %d)", seen, tick+1, memTicks)
			}
		}
		seen = lastTick()
		t.Logf("after tick %d: VmHWM %d MiB, VmRSS %d MiB", tick+1, procStatusMiB(t, p.Pid(), "VmHWM"), procStatusMiB(t, p.Pid(), "VmRSS"))
	}
	if hwm := procStatusMiB(t, p.Pid(), "VmHWM"); hwm > rssCeilingMiB {
		t.Fatalf("peak RSS %d MiB, over the documented ceiling of %d MiB", hwm, rssCeilingMiB)
	}
}

// seedLargeStore runs memseed (built without the race detector this test
// may run under) on the store the plugin will open, and returns the ids.
func seedLargeStore(t *testing.T, dbPath string) []string {
	t.Helper()
	root, err := grafanahost.ModuleRoot(".")
	if err != nil {
		t.Fatal(err)
	}
	seeder, err := grafanahost.Build(root, "./test/grpc/memseed", t.TempDir(), "memseed")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	cmd := exec.CommandContext(t.Context(), seeder, "-db", dbPath, "-incidents", strconv.Itoa(memIncidents), "-events", strconv.Itoa(memEvents))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("memseed: %v", err)
	}
	var ids []string
	if err := json.Unmarshal(out, &ids); err != nil || len(ids) != memIncidents {
		t.Fatalf("memseed printed %q (%v)", out, err)
	}
	t.Logf("seeded %d incidents × %d events in %s", len(ids), memEvents, time.Since(start).Round(time.Millisecond))
	return ids
}

// procStatusMiB reads a kB field of /proc/<pid>/status (Linux) in MiB.
func procStatusMiB(t *testing.T, pid int, field string) int {
	return testenv.ProcStatusKB(t, pid, field) >> 10
}
