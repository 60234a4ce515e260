package api

import (
	"encoding/json"
	"net/http"

	"github.com/warroom/warroom-incident-app/pkg/settings"
)

type validateSettingsRequest struct {
	JSONData json.RawMessage `json:"jsonData"`
}

// validateSettings checks the catalog and Prometheus parts of jsonData the
// config page is about to save to Grafana: Grafana stores app settings
// without asking the plugin, so this is where "validated on save" happens.
func (a *API) validateSettings(r *http.Request, _ Identity) (int, any, error) {
	var req validateSettingsRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, nil, err
	}
	if len(req.JSONData) == 0 {
		return 0, nil, invalid("send the jsonData to check", fieldError("jsonData", "is required"))
	}
	features, err := settings.ParseJSONData(req.JSONData)
	if err != nil {
		return 0, nil, invalid("the settings are not valid", fieldError("jsonData", "must be a JSON object with the documented fields"))
	}
	errs := settings.ValidateFeatures(features)
	if n, err := settings.ParseNotifications(req.JSONData); err != nil {
		errs = append(errs, fieldError("notifications", "must be {channels: [{name, kind, severities?, events?}]}"))
	} else {
		errs = append(errs, n.Validate()...)
	}
	if len(errs) > 0 {
		return 0, nil, invalid("the settings are not valid", errs...)
	}
	return http.StatusOK, map[string]bool{"valid": true}, nil
}

// CatalogView is what any signed-in user may know of the catalog: names and
// which checks each supports, never credentials.
type CatalogView struct {
	Services   []CatalogService `json:"services"`
	Prometheus bool             `json:"prometheus"`
	Problems   int              `json:"problems"`
}

type CatalogService struct {
	Name        string `json:"name"`
	HealthCheck bool   `json:"healthCheck"`
	AWS         bool   `json:"aws"`
	Postgres    bool   `json:"postgres"`
}

func (a *API) getCatalog(r *http.Request, _ Identity) (int, any, error) {
	out := CatalogView{Services: []CatalogService{}, Prometheus: a.Metrics.Querier != nil, Problems: len(a.Problems)}
	for _, s := range a.Metrics.Catalog.Services {
		out.Services = append(out.Services, CatalogService{Name: s.Name, HealthCheck: s.HealthURL != "", AWS: s.AWS != nil, Postgres: s.Postgres != ""})
	}
	return http.StatusOK, out, nil
}
