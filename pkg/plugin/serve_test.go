package plugin

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	incidentsds "github.com/warroom/warroom-incident-app/pkg/datasource"
)

// One binary serves both plugin ids: the same process answers the app (app
// settings in the context) and the nested data source (data source settings),
// and both read one store when their settings name the same place.
func TestDispatchServesTheAppAndTheDataSourceFromOneStore(t *testing.T) {
	d := newDispatch()
	dir, _ := json.Marshal(map[string]string{"dataDir": t.TempDir()})
	appCtx := func(org int64) backend.PluginContext {
		return backend.PluginContext{OrgID: org, PluginID: ID, User: &backend.User{Login: "eddie", Role: "Editor"},
			AppInstanceSettings: &backend.AppInstanceSettings{JSONData: dir}}
	}
	dsCtx := func(org int64) backend.PluginContext {
		return backend.PluginContext{OrgID: org, PluginID: incidentsds.ID,
			DataSourceInstanceSettings: &backend.DataSourceInstanceSettings{ID: 2, UID: "warroom-incidents", JSONData: dir}}
	}

	var status int
	var body []byte
	err := d.CallResource(t.Context(), &backend.CallResourceRequest{PluginContext: appCtx(1), Method: "POST", Path: "incidents",
		URL: "incidents", Headers: map[string][]string{"Content-Type": {"application/json"}},
		Body: []byte(`{"title":"Checkout down","severity":"P1","services":["checkout"]}`)},
		backend.CallResourceResponseSenderFunc(func(r *backend.CallResourceResponse) error {
			status, body = r.Status, append(body, r.Body...)
			return nil
		}))
	if err != nil || status != 201 {
		t.Fatalf("declare through the app: %d %v %s", status, err, body)
	}

	query := func(org int64) string {
		resp, err := d.QueryData(t.Context(), &backend.QueryDataRequest{PluginContext: dsCtx(org), Queries: []backend.DataQuery{{
			RefID: "A", JSON: []byte(`{"queryType":"incidents"}`),
			TimeRange: backend.TimeRange{From: time.Now().Add(-time.Hour), To: time.Now().Add(time.Minute)}}}})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(resp.Responses["A"].Frames)
		return string(b)
	}
	if got := query(1); !strings.Contains(got, "Checkout down") {
		t.Fatalf("the data source does not see the app's incident: %s", got)
	}
	if got := query(2); strings.Contains(got, "Checkout down") {
		t.Fatalf("org 2's data source sees org 1's incident: %s", got)
	}

	appHealth, _ := d.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: appCtx(1)})
	dsHealth, _ := d.CheckHealth(t.Context(), &backend.CheckHealthRequest{PluginContext: dsCtx(1)})
	if appHealth.Status != backend.HealthStatusOk || !strings.Contains(appHealth.Message, "store (SQLite) is ready") {
		t.Fatalf("app health = %+v", appHealth)
	}
	if dsHealth.Status != backend.HealthStatusOk || !strings.Contains(dsHealth.Message, "incidents (SQLite) are readable") {
		t.Fatalf("data source health = %+v", dsHealth)
	}
}
