package grpc

import (
	"testing"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
)

// TestCrashPostgres runs the crash test on the PostgreSQL store (the HA
// set-up): the plugin reads the DSN from secureJsonData.postgresDsn.
func TestCrashPostgres(t *testing.T) {
	dsn := testpg.DSN(t)
	crashAndRecover(t, newInstance(t, map[string]string{"postgresDsn": dsn}), "PostgreSQL")
}
