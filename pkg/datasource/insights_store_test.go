package datasource_test

import (
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/datasource"
	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// The insights queries read the org's records from each real store: the
// table counts by severity, the series has a point per week, and org 2
// never counts org 1's incidents.
func TestInsightsQueriesAgainstRealStores(t *testing.T) {
	for name, settings := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ds := open(t, settings)
			datasource.SetNow(ds, func() time.Time { return day.Add(5 * time.Hour) })
			st := datasource.StoreOf(ds)
			declare(t, st, 1, "API down", incident.P2, day.Add(time.Hour), 0)
			declare(t, st, 1, "API slow", incident.P2, day.Add(2*time.Hour), 0)
			declare(t, st, 1, "API blip", incident.P4, day.Add(3*time.Hour), 0)
			declare(t, st, 2, "Org two outage", incident.P1, day.Add(time.Hour), 0)
			from, to := day.Add(-14*24*time.Hour), day.Add(4*time.Hour)

			got := rows(t, query(t, ds, 1, `{"queryType":"insights"}`, from, to), "severity", "incidents", "open")
			if len(got) != 2 || got[0] != "P2|2|2|" || got[1] != "P4|1|1|" {
				t.Fatalf("org 1 table %q", got)
			}
			dr := query(t, ds, 1, `{"queryType":"insights_series","measure":"incidents","severity":"P2,P1"}`, from, to)
			if dr.Error != nil || len(dr.Frames) != 1 || dr.Frames[0].Rows() != 3 {
				t.Fatalf("series: %v %v", dr.Error, dr.Frames)
			}
			if v := dr.Frames[0].Fields[1].At(2).(*float64); *v != 2 {
				t.Fatalf("this week's P1 and P2 incidents: %v", *v)
			}
			if got := rows(t, query(t, ds, 2, `{"queryType":"insights","groupBy":"none"}`, from, to), "group", "incidents"); got[0] != "all|1|" {
				t.Fatalf("org 2 %q", got)
			}
			if dr := query(t, ds, 1, `{"queryType":"insights"}`, day.Add(-800*24*time.Hour), to); dr.Error == nil {
				t.Fatal("a range over 731 days is refused")
			}
		})
	}
}
