// Command memseed fills a Warroom SQLite store for the gRPC memory test
// (test/grpc/memory_test.go) and prints the incident ids as a JSON array.
// It is a process of its own so the seed runs at full speed: the test runs
// under the race detector, which slows the pure-Go SQL engine a
// hundredfold.
//
// The incidents go through the store package: the first with its whole
// timeline in one transaction, the others with their declared event. Then
// one SQL transaction gives every other incident a copy of the first one's
// timeline, shifted to its own time; a million store appends would take
// minutes on a loaded machine. The copy names the columns of the events
// table, so a schema change that adds a required column fails it loudly.
package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	inc "github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/stores"
)

func main() {
	path := flag.String("db", "", "the SQLite file (data_dir/warroom.db)")
	incidents := flag.Int("incidents", 500, "open incidents of org 1")
	events := flag.Int("events", 2000, "events per incident, the declared one included")
	flag.Parse()
	ids, err := seed(context.Background(), *path, *incidents, *events)
	if err != nil {
		fmt.Fprintln(os.Stderr, "memseed:", err)
		os.Exit(1)
	}
	if err := json.NewEncoder(os.Stdout).Encode(ids); err != nil {
		os.Exit(1)
	}
}

func seed(ctx context.Context, path string, incidents, events int) ([]string, error) {
	if path == "" || incidents < 1 || events < 1 {
		return nil, errors.New("usage: memseed -db FILE [-incidents N] [-events N]")
	}
	doc, err := maximalPostmortem()
	if err != nil {
		return nil, err
	}
	st, err := stores.Open(ctx, store.Config{SQLitePath: path})
	if err != nil {
		return nil, err
	}
	base := time.Now().UTC().Add(-6 * time.Hour).Truncate(time.Second)
	note := strings.Repeat("Checked the checkout pods; the error rate is still above the SLO. ", 3)
	ids := make([]string, 0, incidents)
	for i := range incidents {
		at := base.Add(time.Duration(i) * time.Second)
		evs := []store.NewEvent{{Kind: inc.EventDeclared, Author: "ada", At: at}}
		for j := 1; i == 0 && j < events; j++ {
			e := store.NewEvent{Kind: inc.EventNote, Author: "ada", At: at.Add(time.Duration(j) * time.Second),
				Payload: map[string]any{"text": note + strconv.Itoa(j)}}
			if j%10 == 0 {
				e = store.NewEvent{Kind: inc.EventAlertFiring, Author: "grafana", At: e.At, Payload: map[string]any{
					"fingerprint": fmt.Sprintf("%016x", j), "startsAt": e.At.Format(time.RFC3339Nano), "alertname": "CheckoutErrorRate",
					"labels": map[string]any{"service": "checkout", "team": "payments", "severity": "critical"}, "values": map[string]any{"B": 0.23}}}
			}
			evs = append(evs, e)
		}
		created, err := st.CreateIncident(ctx, 1, store.NewIncident{Title: fmt.Sprintf("Checkout errors %d", i), Severity: inc.Severity(fmt.Sprintf("P%d", 1+i%4)),
			Status: inc.Investigating, Services: []string{"checkout"}, Summary: note, Author: "ada", At: at,
			Details: inc.Details{Postmortem: doc}.Normalize()}, evs)
		if err != nil {
			st.Close()
			return nil, err
		}
		ids = append(ids, created.ID)
	}
	if err := st.Close(); err != nil {
		return nil, err
	}
	return ids, copyTimelines(ctx, path, ids, events)
}

// copyTimelines gives ids[1:] the timeline of ids[0] after its declared event.
func copyTimelines(ctx context.Context, path string, ids []string, events int) error {
	// Nobody else has the file open: no journal and no fsync for the copy
	// (the plugin sets its own modes when it opens the store).
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)&_pragma=cache_size(-262144)")
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	for i, id := range ids[1:] {
		shift := (time.Duration(i+1) * time.Second).Microseconds() // events.at is in microseconds
		if _, err := tx.ExecContext(ctx, `INSERT INTO events (org_id, incident_id, seq, kind, author, at, payload)
			SELECT org_id, ?, seq, kind, author, at + ?, payload FROM events WHERE org_id = 1 AND incident_id = ? AND seq > 1`,
			id, shift, ids[0]); err != nil {
			return fmt.Errorf("copy the timeline: %w", err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE org_id = 1`).Scan(&n); err != nil {
		return err
	}
	if n != len(ids)*events {
		return fmt.Errorf("%d events seeded, want %d", n, len(ids)*events)
	}
	return tx.Commit()
}

// maximalPostmortem is a valid post-mortem as large as the limits allow:
// every long text at its cap, then list items at theirs until the whole
// document is exactly postmortem.MaxDocBytes.
func maximalPostmortem() (json.RawMessage, error) {
	long := strings.Repeat("x", postmortem.MaxLongText)
	item := strings.Repeat("y", postmortem.MaxItemText)
	d := postmortem.Doc{Reporter: "ada", Reviewers: []string{"bob"}, Summary: long, WhatHappened: long, Detection: long, DataImpact: long}
	size := func() int { b, _ := json.Marshal(d); return len(b) }
	for _, list := range []*[]string{&d.Whys, &d.WentWell, &d.CouldBetter, &d.Learned, &d.Features} {
		for len(*list) < postmortem.MaxWhys && size() < postmortem.MaxDocBytes {
			*list = append(*list, item)
			if over := size() - postmortem.MaxDocBytes; over > 0 {
				(*list)[len(*list)-1] = item[:postmortem.MaxItemText-over]
			}
		}
	}
	if errs := d.Validate(); len(errs) > 0 {
		return nil, fmt.Errorf("the post-mortem is not valid: %+v", errs)
	}
	b, err := json.Marshal(d)
	if err != nil {
		return nil, err
	}
	if len(b) != postmortem.MaxDocBytes {
		return nil, fmt.Errorf("the post-mortem has %d bytes, not the maximum %d", len(b), postmortem.MaxDocBytes)
	}
	return b, nil
}
