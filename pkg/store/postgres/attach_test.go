package postgres_test

import (
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/store/storetest"
)

func TestAttachContract(t *testing.T) { storetest.RunAttach(t, openFresh) }
