package api_test

import (
	"testing"

	"github.com/warroom/warroom-incident-app/internal/testenv/testpg"
)

// TestMain stops the PostgreSQL cluster the tests over both stores start.
func TestMain(m *testing.M) { testpg.Main(m) }
