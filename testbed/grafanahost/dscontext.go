package grafanahost

import (
	"encoding/json"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// DataSource is a data source instance as Grafana stores it (one row of
// data_source, per org), in the terms its plugin context is built from.
type DataSource struct {
	ID       int64
	UID      string
	Name     string
	PluginID string // the data source's type
	JSONData json.RawMessage
	// DecryptedSecureJSONData is the instance's secureJsonData, decrypted.
	DecryptedSecureJSONData map[string]string
	Updated                 time.Time
}

// DataSourcePluginContext is what Grafana's plugin context provider sends
// for a query to ds (plugincontext.Provider.GetWithDataSource): the base
// context of the user and org, the data source's plugin id, and
// DataSourceInstanceSettings instead of AppInstanceSettings.
func (c Context) DataSourcePluginContext(ds DataSource) backend.PluginContext {
	c.PluginID = ds.PluginID
	pc := c.PluginContext()
	pc.AppInstanceSettings = nil
	jsonData := ds.JSONData
	if len(jsonData) == 0 {
		jsonData = json.RawMessage("{}")
	}
	secure := ds.DecryptedSecureJSONData
	if secure == nil {
		secure = map[string]string{}
	}
	pc.DataSourceInstanceSettings = &backend.DataSourceInstanceSettings{
		ID: ds.ID, UID: ds.UID, Name: ds.Name, Type: ds.PluginID, JSONData: jsonData,
		DecryptedSecureJSONData: secure, Updated: ds.Updated, APIVersion: "",
	}
	return pc
}
