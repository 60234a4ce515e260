package plugin

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/settings"
)

// Error codes of a call whose org instance could not be made (api.ErrorCodes).
// Both are 503: nothing is wrong with the request, and the same call succeeds
// once an administrator fixes what the message names.
const (
	codeStoreUnavailable = api.CodeStoreUnavailable
	codeSettingsInvalid  = api.CodeSettingsInvalid
)

// unavailable is why newApp could not make an org's instance. Its message
// is what Grafana's users see (health check, every resource call): it says
// what to check and never carries the driver's text (hosts, users, paths,
// DSN fragments), which newApp logs instead.
type unavailable struct {
	code    string
	message string
}

func (u *unavailable) Error() string { return u.message }

// storeUnavailable is the failure to open cfg's store (or join its
// scheduler) for a reason other than the data directory.
func storeUnavailable(cfg settings.Settings) *unavailable {
	var check string
	switch {
	case cfg.PostgresDSN != "" && cfg.ProcessStore:
		check = "check that the PostgreSQL server named by postgres_dsn under " + settings.IniSection + " in grafana.ini is reachable from Grafana and accepts its credentials"
	case cfg.PostgresDSN != "":
		check = "check that the PostgreSQL server named by the app's PostgreSQL DSN (configuration page) is reachable from Grafana and accepts its credentials"
	default:
		check = "check that the data directory (data_dir under " + settings.IniSection + " in grafana.ini, or the app's data directory) holds a readable, writable warroom.db"
	}
	return &unavailable{code: codeStoreUnavailable,
		message: fmt.Sprintf("the Warroom %s store could not be opened; %s (the plugin log has the error)", cfg.StoreKind(), check)}
}

// dataDirUnavailable is the failure to create or write the SQLite directory.
func dataDirUnavailable() *unavailable {
	return &unavailable{code: codeStoreUnavailable, message: errDataDir().Error()}
}

// settingsInvalid is a settings.Parse failure. Parse's messages name
// fields and values an administrator typed, except when no data directory
// is known at all (the settings are otherwise valid): that one carries an
// OS error and gets a fixed text.
func settingsInvalid(cfg settings.Settings, err error) *unavailable {
	if cfg.Validate() == nil && cfg.PostgresDSN == "" && cfg.SQLitePath == "" {
		return &unavailable{code: codeStoreUnavailable,
			message: "no Warroom data directory is known; set data_dir (or postgres_dsn) under " + settings.IniSection + " in grafana.ini (the plugin log has the reason)"}
	}
	return &unavailable{code: codeSettingsInvalid,
		message: "the Warroom settings are not valid (" + err.Error() + "); an administrator corrects them on the app's configuration page"}
}

// unavailableResponse answers a resource call whose instance could not be
// made in the API's error shape, as a 503; Grafana would otherwise show
// its generic 500 for the failed gRPC call.
func unavailableResponse(ctx context.Context, err error) *backend.CallResourceResponse {
	e := &api.Error{Status: http.StatusServiceUnavailable, Code: codeStoreUnavailable,
		Message: "the Warroom back end could not start for this organization; an administrator finds the reason in the plugin log"}
	if u := (*unavailable)(nil); errors.As(err, &u) {
		e.Code, e.Message = u.code, u.message
	} else {
		// Not one of newApp's errors (the data source's): its text is not
		// vetted for clients.
		log.DefaultLogger.FromContext(ctx).Error("plugin instance unavailable", "error", err)
	}
	return e.Response()
}
