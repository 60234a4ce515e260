package sqlite

import (
	"path/filepath"
	"testing"
)

// The durability and concurrency settings the package comment promises are
// really in effect on the writer connection.
func TestWriterPragmas(t *testing.T) {
	writer, reader, err := openPools(t.Context(), filepath.Join(t.TempDir(), "warroom.db"), "FULL")
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	defer reader.Close()
	want := map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1", "busy_timeout": "10000"}
	for pragma, v := range want {
		var got string
		if err := writer.QueryRowContext(t.Context(), "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != v {
			t.Errorf("writer PRAGMA %s = %s, want %s", pragma, got, v)
		}
	}
	var qo string
	if err := reader.QueryRowContext(t.Context(), "PRAGMA query_only").Scan(&qo); err != nil || qo != "1" {
		t.Errorf("reader query_only = %q (%v), want 1", qo, err)
	}
	if _, err := reader.ExecContext(t.Context(), "DELETE FROM incidents"); err == nil {
		t.Error("the read pool accepted a write")
	}
}
