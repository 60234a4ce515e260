package dashgen

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/insights"
)

const root = "../.."

// The committed dashboard is what the generator writes: edit
// internal/dashgen and run `go run ./internal/cmd/dashgen`, never the JSON.
func TestCommittedDashboardIsGenerated(t *testing.T) {
	want, err := JSON()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, Path))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from what internal/dashgen builds: run go run ./internal/cmd/dashgen", Path)
	}
}

// The app ships the dashboard: plugin.json includes it at the path webpack
// copies it to (src/**/*.json keeps its place under dist).
func TestPluginIncludesTheDashboard(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(root, "src/plugin.json"))
	if err != nil {
		t.Fatal(err)
	}
	var plugin struct {
		Includes []struct{ Type, Name, Path string }
	}
	if err := json.Unmarshal(raw, &plugin); err != nil {
		t.Fatal(err)
	}
	rel := strings.TrimPrefix(Path, "src/")
	if !slices.ContainsFunc(plugin.Includes, func(i struct{ Type, Name, Path string }) bool {
		return i.Type == "dashboard" && i.Path == rel
	}) {
		t.Errorf("src/plugin.json includes no dashboard at %s: %+v", rel, plugin.Includes)
	}
}

// Every panel reads the data source the variable picks, with the service
// and severity variables, and asks only for what package insights computes:
// a measure is a field of insights.Group, a statistic one of insights.Stat.
func TestPanelsAskForWhatInsightsComputes(t *testing.T) {
	d, err := Dashboard()
	if err != nil {
		t.Fatal(err)
	}
	measures, stats := jsonFields(insights.Group{}), jsonFields(insights.Stat{})
	queries := 0
	for _, p := range d.Panels {
		if p.Panel == nil || p.Panel.Type == "row" {
			continue
		}
		panel := p.Panel
		if panel.Datasource == nil || *panel.Datasource.Uid != "${datasource}" || *panel.Datasource.Type != DatasourceType {
			t.Errorf("%s: data source %+v", *panel.Title, panel.Datasource)
		}
		for _, target := range panel.Targets {
			q, ok := target.(Query)
			if !ok {
				t.Fatalf("%s: a target of type %T", *panel.Title, target)
			}
			queries++
			if q.Service != "$service" || q.Severity != "$severity" {
				t.Errorf("%s: filters %q %q", *panel.Title, q.Service, q.Severity)
			}
			if q.GroupBy != "" && q.GroupBy != insights.BySeverity && q.GroupBy != insights.ByService {
				t.Errorf("%s: groupBy %q", *panel.Title, q.GroupBy)
			}
			switch q.QueryType {
			case "insights":
				if q.Measure != "" || q.Stat != "" || q.Bucket != "" {
					t.Errorf("%s: a table with series fields %+v", *panel.Title, q)
				}
			case "insights_series":
				if !measures[q.Measure] || (q.Stat != "" && !stats[q.Stat]) || (q.Stat == "") != (q.Measure == "incidents") {
					t.Errorf("%s: measure %q, stat %q", *panel.Title, q.Measure, q.Stat)
				}
				if q.Bucket != insights.Week && q.Bucket != insights.Month {
					t.Errorf("%s: bucket %q", *panel.Title, q.Bucket)
				}
			default:
				t.Errorf("%s: queryType %q", *panel.Title, q.QueryType)
			}
		}
	}
	if queries == 0 {
		t.Fatal("no queries")
	}
}

func jsonFields(v any) map[string]bool {
	out := map[string]bool{}
	ty := reflect.TypeOf(v)
	for i := range ty.NumField() {
		name, _, _ := strings.Cut(ty.Field(i).Tag.Get("json"), ",")
		out[name] = true
	}
	return out
}
