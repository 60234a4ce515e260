package datasource

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// The demo dashboard (provisioning/dashboards) and the provisioned data
// source (provisioning/datasources) must agree with this back end: every
// query of the incidents data source parses, and names the uid provisioned.
func TestProvisionedDemoDashboardQueriesParse(t *testing.T) {
	yaml, err := os.ReadFile("../../provisioning/datasources/warroom-incidents.yaml")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile("../../provisioning/dashboards/warroom-demo.json")
	if err != nil {
		t.Fatal(err)
	}
	type ref struct{ Type, UID string }
	var dash struct {
		Annotations struct {
			List []struct {
				Datasource ref
				Target     json.RawMessage
			}
		}
		Panels []struct {
			Type    string
			Targets []struct {
				Datasource ref
				QueryType  string
			}
		}
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatal(err)
	}
	check := func(where string, ds ref, q json.RawMessage, qt string) int {
		if ds.Type != ID {
			return 0
		}
		if !strings.Contains(string(yaml), "uid: "+ds.UID+"\n") {
			t.Errorf("%s names data source uid %q, not the provisioned one", where, ds.UID)
		}
		if _, err := ParseQuery(q, qt); err != nil {
			t.Errorf("%s: %v", where, err)
		}
		return 1
	}
	n := 0
	for _, a := range dash.Annotations.List {
		n += check("annotation", a.Datasource, a.Target, "")
	}
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			b, _ := json.Marshal(map[string]string{"queryType": tg.QueryType})
			n += check("panel "+p.Type, tg.Datasource, b, "")
		}
	}
	if n < 2 {
		t.Fatalf("the demo dashboard queries the incidents data source %d times; want its annotation and table", n)
	}
}
