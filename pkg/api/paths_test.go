package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
)

// Query values go to the store as text: NUL or invalid UTF-8 is refused at
// the edge on both stores alike, naming the parameter.
func TestQueryTextIsRefusedAlikeOnBothStores(t *testing.T) {
	for _, eng := range apitest.Engines {
		t.Run(eng.Name, func(t *testing.T) {
			a := apitest.NewOn(t, eng)
			id, _ := a.Declare(t, apitest.Editor, "query")
			cases := []struct {
				url        string
				wantFields string
			}{
				{"/incidents?service=checkout%00", "[service]"},
				{"/incidents?status=%FF", "[status]"},
				{"/incidents?service=a%01b", "[service]"},
				{"/timers?service=%00", "[service]"},
				{"/incidents/" + id + "/metrics?from=now-1h%00", "[from]"},
			}
			for _, tc := range cases {
				r := a.Call(t, apitest.Viewer, "GET", tc.url, "")
				if r.Status != http.StatusBadRequest || r.ErrorCode(t) != "invalid_request" || fmt.Sprint(r.FieldPaths(t)) != tc.wantFields {
					t.Fatalf("GET %s: want 400 at %s, got %d %s", tc.url, tc.wantFields, r.Status, r.Body)
				}
			}
			if r := a.Call(t, apitest.Viewer, "GET", "/incidents?service=checkout-api&status=investigating", ""); r.Status != http.StatusOK || r.JSON(t)["total"] != float64(1) {
				t.Fatalf("a plain query: %d %s", r.Status, r.Body)
			}
		})
	}
}
