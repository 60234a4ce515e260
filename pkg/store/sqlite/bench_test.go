package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/store"
	"github.com/warroom/warroom-incident-app/pkg/store/sqlite"
	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

func benchStore(b *testing.B, path string) store.Store {
	st, err := sqlite.Open(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

func BenchmarkCreate(b *testing.B) {
	storetest.BenchCreate(b, benchStore(b, filepath.Join(b.TempDir(), "w.db")))
}

func BenchmarkGet(b *testing.B) {
	storetest.BenchGet(b, benchStore(b, filepath.Join(b.TempDir(), "w.db")))
}

// BenchmarkList10k seeds 10,000 incidents once (without fsync, to keep the
// setup short), then measures lists on a normally opened store.
func BenchmarkList10k(b *testing.B) {
	path := filepath.Join(b.TempDir(), "w.db")
	seed, err := sqlite.OpenUnsafe(b.Context(), path)
	if err != nil {
		b.Fatal(err)
	}
	storetest.Seed(b, seed, 10000)
	seed.Close()
	storetest.BenchList(b, benchStore(b, path))
}
