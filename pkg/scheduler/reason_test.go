package scheduler

import (
	"errors"
	"testing"
)

// A skipped incident's reason goes to the log: a driver's connection error
// keeps its words but not the host, user or password it quotes.
func TestSafeReasonDropsConnectionSettings(t *testing.T) {
	for in, want := range map[string]string{
		"failed to connect to `host=db.internal user=warroom database=prod`: dial error": "failed to connect to `host=… user=… database=… dial error",
		"open postgres://warroom:s3cret@db:5432/prod?sslmode=disable: refused":           "open … refused",
		"insert event: ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)":      "insert event: ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)",
	} {
		if got := safeReason(errors.New(in)); got != want {
			t.Errorf("safeReason(%q) = %q, want %q", in, got, want)
		}
	}
}
