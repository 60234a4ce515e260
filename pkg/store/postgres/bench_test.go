package postgres_test

import (
	"testing"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/postgres"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

func benchStore(b *testing.B, dsn string) store.Store {
	st, err := postgres.Open(b.Context(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func BenchmarkCreate(b *testing.B) { storetest.BenchCreate(b, benchStore(b, testpg.DSN(b))) }

func BenchmarkGet(b *testing.B) { storetest.BenchGet(b, benchStore(b, testpg.DSN(b))) }

// BenchmarkList10k seeds 10,000 incidents once (synchronous_commit off, to
// keep the setup short), then measures lists on a normally opened store.
func BenchmarkList10k(b *testing.B) {
	dsn := testpg.DSN(b)
	seed := benchStore(b, dsn+"&synchronous_commit=off")
	storetest.Seed(b, seed, 10000)
	seed.Close()
	storetest.BenchList(b, benchStore(b, dsn))
}
