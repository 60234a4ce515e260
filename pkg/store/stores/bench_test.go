package stores_test

import (
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

// The store's benchmarks run one sub-benchmark per engine (…/sqlite,
// …/postgres), each on a location of its own.

func BenchmarkCreate(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) { storetest.BenchCreate(b, benchStore(b, e.location(b))) })
	}
}

func BenchmarkGet(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) { storetest.BenchGet(b, benchStore(b, e.location(b))) })
	}
}

// BenchmarkList10k seeds 10,000 incidents once, then measures lists on a
// normally opened store. SQLite's seed is written as durably as any write
// (one fsync per incident): it costs setup time, not measured time.
func BenchmarkList10k(b *testing.B) {
	for _, e := range engines {
		b.Run(e.name, func(b *testing.B) {
			location := e.location(b)
			seed := benchStore(b, e.unsafe(location))
			storetest.Seed(b, seed, 10000)
			seed.Close()
			storetest.BenchList(b, benchStore(b, location))
		})
	}
}

func benchStore(b *testing.B, location string) store.Store {
	st, err := openAt(b.Context(), location)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}
