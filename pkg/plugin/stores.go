package plugin

// Both store implementations are linked into the binary; settings pick one.
import (
	_ "github.com/warroom/warroom-incident-app/pkg/store/postgres"
	_ "github.com/warroom/warroom-incident-app/pkg/store/sqlite"
)
