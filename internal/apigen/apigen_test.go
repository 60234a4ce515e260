package apigen

import (
	"os"
	"path/filepath"
	"testing"
)

// The checked-in TypeScript is what the Go definitions generate now.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join("..", "..", Dir)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("%s/%s is stale or missing (%v): run `go run ./internal/cmd/apigen` from the repository root", Dir, name, err)
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if _, ok := files[e.Name()]; !ok {
			t.Errorf("%s/%s is not generated any more: delete it", Dir, e.Name())
		}
	}
}
