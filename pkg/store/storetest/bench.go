package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// BenchOrg is the org the benchmark data lives in.
const BenchOrg = 42

// Seed declares n varied incidents in BenchOrg, from 8 writers.
func Seed(tb testing.TB, st store.Store, n int) {
	tb.Helper()
	services := []string{"api", "db", "cache", "checkout", "search"}
	errs := make([]error, 8)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < n && errs[w] == nil; i += 8 {
				in := newInc(fmt.Sprint("seed ", i), day0.Add(time.Duration(i)*time.Minute))
				in.Severity, in.Status = incident.Severities[i%4], incident.Statuses[(i/4)%4]
				in.Services = []string{services[i%5], services[(i/5)%5]}
				_, errs[w] = st.CreateIncident(tb.Context(), BenchOrg, in, []store.NewEvent{declared(in.At, map[string]any{"i": i})})
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		tb.Fatalf("seed: %v", err)
	}
}

// BenchCreate measures one durable declare (incident + declared event).
func BenchCreate(b *testing.B, st store.Store) {
	for i := 0; b.Loop(); i++ {
		at := day0.Add(time.Duration(i) * time.Second)
		if _, err := st.CreateIncident(b.Context(), 1, newInc("bench", at), []store.NewEvent{declared(at, nil)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchGet measures reading one incident.
func BenchGet(b *testing.B, st store.Store) {
	inc := mustCreateTB(b, st)
	for b.Loop() {
		if _, err := st.GetIncident(b.Context(), 1, inc.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchList measures the list queries of the UI on a seeded BenchOrg.
func BenchList(b *testing.B, st store.Store) {
	cases := map[string]store.Filter{
		"newest":              {Sort: store.SortCreated, Desc: true},
		"open-by-severity":    {Statuses: []incident.Status{incident.Investigating, incident.Identified}, Sort: store.SortSeverity},
		"service-updated":     {Service: "checkout", Sort: store.SortUpdated, Desc: true},
		"window":              {From: day0.Add(24 * time.Hour), To: day0.Add(72 * time.Hour), Desc: true},
		"deep-page-limit-500": {Limit: 500, Offset: 5000, Desc: true},
	}
	for name, f := range cases {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := st.ListIncidents(b.Context(), BenchOrg, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func mustCreateTB(tb testing.TB, st store.Store) incident.Incident {
	inc, err := st.CreateIncident(tb.Context(), 1, newInc("bench", day0), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return inc
}
