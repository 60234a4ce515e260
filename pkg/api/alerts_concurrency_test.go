package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/store"
)

// Grafana does not retry a failed webhook delivery, so every concurrent
// delivery must be answered 200/201 and each of its alerts recorded once:
// deliveries racing to open the incident, then attaching to it at once.
func TestConcurrentDeliveriesRecordEachAlertExactlyOnce(t *testing.T) {
	const deliveries = 120
	for _, eng := range apitest.Engines {
		t.Run(eng.Name, func(t *testing.T) {
			a := apitest.NewOn(t, eng, withCheckoutCatalog)
			start := make(chan struct{})
			type answer struct {
				status int
				body   []byte
			}
			answers := make([]answer, deliveries)
			var wg sync.WaitGroup
			for i := range deliveries {
				// Each delivery carries the group's shared alert, its own alert
				// and its neighbour's, so every alert arrives in 1 to 3
				// deliveries at once (Grafana in HA, repeat intervals).
				fps := []string{"fp-shared", fmt.Sprintf("fp-%03d", i), fmt.Sprintf("fp-%03d", (i+1)%deliveries)}
				body := apitest.AlertNotification("group-concurrent", "firing", fps...)
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", body)
					answers[i] = answer{r.Status, r.Body}
				}()
			}
			close(start)
			wg.Wait()

			created, recorded, incidentID := 0, 0, ""
			for i, ans := range answers {
				var intake struct {
					Action     string `json:"action"`
					IncidentID string `json:"incidentId"`
					Recorded   int    `json:"recorded"`
				}
				if err := json.Unmarshal(ans.body, &intake); err != nil {
					t.Fatalf("delivery %d: %d %s", i, ans.status, ans.body)
				}
				switch {
				case ans.status == http.StatusCreated && intake.Action == "created":
					created++
				case ans.status == http.StatusOK && intake.Action == "attached":
				default:
					t.Fatalf("delivery %d lost: %d %s", i, ans.status, ans.body)
				}
				if incidentID == "" {
					incidentID = intake.IncidentID
				}
				if intake.IncidentID != incidentID {
					t.Fatalf("delivery %d went to %s, another to %s", i, intake.IncidentID, incidentID)
				}
				recorded += intake.Recorded
			}
			if created != 1 {
				t.Fatalf("%d deliveries created an incident, want 1", created)
			}

			r := a.Call(t, apitest.Viewer, "GET", "/incidents/"+incidentID+"/events", "")
			var timeline struct {
				Items []struct {
					Kind    string         `json:"kind"`
					Payload map[string]any `json:"payload"`
				} `json:"items"`
			}
			if err := json.Unmarshal(r.Body, &timeline); err != nil {
				t.Fatalf("timeline: %v %s", err, r.Body)
			}
			seen := map[string]int{}
			for _, e := range timeline.Items {
				if e.Kind == "alert_firing" {
					seen[e.Payload["fingerprint"].(string)]++
				}
			}
			want := deliveries + 1 // fp-000 … fp-119 and fp-shared
			if len(seen) != want || recorded != want {
				t.Fatalf("%d distinct alerts on the timeline, %d reported recorded; want %d each", len(seen), recorded, want)
			}
			for fp, n := range seen {
				if n != 1 {
					t.Fatalf("alert %s recorded %d times", fp, n)
				}
			}
			if page := a.Call(t, apitest.Viewer, "GET", "/incidents", "").JSON(t); page["total"] != float64(1) {
				t.Fatalf("one group, one incident; got %v", page["total"])
			}
		})
	}
}

// resolveOnLookup resolves the incident holding a dedup key right after the
// first lookup returns it, so the apitest.Caller attaches to an incident that is no
// longer open.
type resolveOnLookup struct {
	store.Store
	once sync.Once
	err  error
}

func (s *resolveOnLookup) IncidentByKey(ctx context.Context, orgID int64, key string) (incident.Incident, error) {
	inc, err := s.Store.IncidentByKey(ctx, orgID, key)
	if err == nil {
		s.once.Do(func() {
			next := inc
			now := time.Now().UTC()
			next.Status, next.ResolvedAt, next.UpdatedAt = incident.Resolved, &now, now
			_, s.err = s.UpdateIncident(ctx, next, []store.NewEvent{{Kind: incident.EventStatusChanged, Author: "eddie", At: now}})
		})
	}
	return inc, err
}

// A delivery whose incident is resolved between the key lookup and the
// attach opens the group's next incident; the resolved one takes nothing.
func TestDeliveryRacingAResolutionOpensTheNextIncident(t *testing.T) {
	a := apitest.New(t, withCheckoutCatalog)
	first := a.OpenByAlert(t, apitest.AlertNotification("group-resolve", "firing", "fp-1"))
	racing := &resolveOnLookup{Store: a.API.Store}
	a.API.Store = racing
	r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.AlertNotification("group-resolve", "firing", "fp-2"))
	if racing.err != nil {
		t.Fatal(racing.err)
	}
	if m := r.JSON(t); r.Status != http.StatusCreated || m["incidentId"] == first || m["recorded"] != float64(1) {
		t.Fatalf("delivery racing the resolution: %d %s", r.Status, r.Body)
	}
	if got := fmt.Sprint(a.EventKinds(t, apitest.Viewer, first)); got != "[declared alert_firing status_changed]" {
		t.Fatalf("the resolved incident's timeline: %s", got)
	}
}
