// Command gpx_warroom is the Warroom back end that Grafana starts over gRPC.
package main

import (
	"os"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/plugin"
)

func main() {
	// One binary for the app and its nested data source (see plugin.Serve).
	if err := plugin.Serve(); err != nil {
		log.DefaultLogger.Error("plugin stopped", "error", err)
		os.Exit(1)
	}
}
