package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/api"
	"github.com/warroom/warroom-incident-app/pkg/api/apitest"
	"github.com/warroom/warroom-incident-app/pkg/incident"
	"github.com/warroom/warroom-incident-app/pkg/postmortem"
)

// refused asserts a 400 invalid_request naming path among its fields.
func refused(t *testing.T, r apitest.Response, path string) {
	t.Helper()
	if r.Status != http.StatusBadRequest || r.ErrorCode(t) != "invalid_request" || !slices.Contains(r.FieldPaths(t), path) {
		t.Fatalf("want 400 invalid_request at %q, got %d %s", path, r.Status, r.Body)
	}
}

func TestLinkFieldsHaveALengthAndACharset(t *testing.T) {
	a := apitest.New(t)
	body := func(links string) string {
		return `{"title":"t","severity":"P2","services":["s"],"links":` + links + `}`
	}
	refused(t, a.Call(t, apitest.Editor, "POST", "/incidents", body(`{"dashboardUid":"`+strings.Repeat("d", incident.MaxLinkUID+1)+`"}`)), "links.dashboardUid")
	refused(t, a.Call(t, apitest.Editor, "POST", "/incidents", body(`{"dashboardUid":"../../api/admin"}`)), "links.dashboardUid")
	refused(t, a.Call(t, apitest.Editor, "POST", "/incidents", body(`{"alertRuleUid":"rule uid"}`)), "links.alertRuleUid")
	refused(t, a.Call(t, apitest.Editor, "POST", "/incidents", body(`{"panelId":4294967296}`)), "links.panelId")
	ok := a.Call(t, apitest.Editor, "POST", "/incidents", body(`{"dashboardUid":"`+strings.Repeat("d", incident.MaxLinkUID)+`","panelId":4,"alertRuleUid":"rule-uid_1"}`))
	if ok.Status != http.StatusCreated {
		t.Fatalf("good links: %d %s", ok.Status, ok.Body)
	}
}

func TestPostmortemLimits(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "Checkout errors")
	put := func(doc any) apitest.Response {
		b, _ := json.Marshal(map[string]any{"version": 0, "doc": doc}) // the post-mortem's version: none saved yet
		return a.Call(t, apitest.Editor, "PUT", "/incidents/"+id+"/postmortem", string(b))
	}
	many := func(n int, s string) []string { return slices.Repeat([]string{s}, n) }
	refused(t, put(map[string]any{"summary": strings.Repeat("s", postmortem.MaxLongText+1)}), "doc.summary")
	refused(t, put(map[string]any{"whys": many(postmortem.MaxWhys+1, "why")}), "doc.whys")
	refused(t, put(map[string]any{"whys": []string{"ok", strings.Repeat("w", postmortem.MaxItemText+1)}}), "doc.whys[1]")
	refused(t, put(map[string]any{"links": many(postmortem.MaxLinks+1, "https://x.example")}), "doc.links")
	refused(t, put(map[string]any{"links": []string{"see the dashboard"}}), "doc.links[0]")
	items := make([]map[string]string, postmortem.MaxActionItems+1)
	for i := range items {
		items[i] = map[string]string{"action": "a", "owner": "o", "priority": "Low", "due": "2026-12-01"}
	}
	r := put(map[string]any{"actionItems": items})
	refused(t, r, "doc.actionItems")
	if n := len(r.FieldPaths(t)); n != 1 {
		t.Errorf("%d fields for one oversized list", n)
	}
	// Each field fits, the document does not: the path is the document.
	big := strings.Repeat("x", postmortem.MaxLongText)
	refused(t, put(map[string]any{"summary": big, "whatHappened": big, "detection": big, "dataImpact": big,
		"wentWell": many(postmortem.MaxListItems, strings.Repeat("g", postmortem.MaxItemText))}), "doc")
	if r := put(map[string]any{"summary": big, "whys": many(postmortem.MaxWhys, "why"), "links": []string{"/d/abc?viewPanel=4"}}); r.Status != http.StatusOK {
		t.Fatalf("a document within the limits: %d %s", r.Status, r.Body)
	}
}

func TestAlertWebhookLimits(t *testing.T) {
	a := apitest.New(t)
	// A large group, as Grafana sends it, is taken whole.
	r := a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.BigAlertNotification("big", 300, nil))
	if r.Status != http.StatusCreated || r.JSON(t)["recorded"] != float64(300) {
		t.Fatalf("300 alerts: %d %.300s", r.Status, r.Body)
	}
	// Over the count: refused whole, with the reason, nothing recorded.
	tiny := make([]string, api.MaxAlerts+1)
	for i := range tiny {
		tiny[i] = fmt.Sprintf(`{"status":"firing","startsAt":"2026-11-29T10:00:00Z","fingerprint":"%x"}`, i)
	}
	r = a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", `{"groupKey":"many","alerts":[`+strings.Join(tiny, ",")+`]}`)
	refused(t, r, "alerts")
	if !strings.Contains(string(r.Body), "at most 1000 alerts") {
		t.Errorf("the refusal does not say the limit: %s", r.Body)
	}
	refused(t, a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.BigAlertNotification("v", 2, func(i int, al map[string]any) {
		if i == 1 {
			al["labels"].(map[string]string)["query"] = strings.Repeat("q", api.MaxAlertLabelValue+1)
		}
	})), "alerts[1].labels.query")
	refused(t, a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.BigAlertNotification("d", 1, func(i int, al map[string]any) {
		al["annotations"].(map[string]string)["description"] = strings.Repeat("d", api.MaxAlertAnnotationValue+1)
	})), "alerts[0].annotations.description")
	refused(t, a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.BigAlertNotification("n", 1, func(i int, al map[string]any) {
		values := map[string]float64{}
		for k := 0; k <= api.MaxAlertValues; k++ {
			values[fmt.Sprint("R", k)] = 1
		}
		al["values"] = values
	})), "alerts[0].values")
	refused(t, a.Call(t, apitest.AlertsSA, "POST", "/alerts/webhook", apitest.BigAlertNotification("l", 1, func(i int, al map[string]any) {
		labels := map[string]string{}
		for k := 0; k <= api.MaxAlertLabels; k++ {
			labels[fmt.Sprint("l", k)] = "v"
		}
		al["labels"] = labels
	})), "alerts[0].labels")
	if r := a.Call(t, apitest.Viewer, "GET", "/incidents", ""); r.JSON(t)["total"] != float64(1) {
		t.Errorf("refused notifications opened incidents: %s", r.Body)
	}
}

func TestNotesAndStatusUpdatesAreRateLimitedPerIncident(t *testing.T) {
	a := apitest.New(t)
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	a.API.Now = func() time.Time { return now }
	id, _ := a.Declare(t, apitest.Editor, "Checkout errors")
	other, _ := a.Declare(t, apitest.Editor, "Cart errors")
	for i := 0; i < incident.MaxWritesPerMinute; i++ {
		path, body := "/incidents/"+id+"/events", fmt.Sprintf(`{"text":"note %d"}`, i)
		if i%2 == 1 {
			path, body = "/incidents/"+id+"/updates", fmt.Sprintf(`{"body":"update %d"}`, i)
		}
		if r := a.Call(t, apitest.Editor, "POST", path, body); r.Status != http.StatusCreated {
			t.Fatalf("write %d: %d %s", i, r.Status, r.Body)
		}
		now = now.Add(time.Second)
	}
	// 30 writes from 8:00:00 to 8:00:29; at 8:00:30 the next waits until 8:01:00.
	for _, tc := range []struct{ path, body string }{
		{"/incidents/" + id + "/events", `{"text":"one too many"}`},
		{"/incidents/" + id + "/updates", `{"body":"one too many"}`},
	} {
		r := a.Call(t, apitest.Editor, "POST", tc.path, tc.body)
		if r.Status != http.StatusTooManyRequests || r.ErrorCode(t) != "rate_limited" || r.Header["Retry-After"][0] != "30" {
			t.Fatalf("%s: %d %v %s", tc.path, r.Status, r.Header, r.Body)
		}
	}
	// Another incident is not affected; an invalid note is a 400, not a 429.
	if r := a.Call(t, apitest.Editor, "POST", "/incidents/"+other+"/events", `{"text":"elsewhere"}`); r.Status != http.StatusCreated {
		t.Fatalf("other incident: %d %s", r.Status, r.Body)
	}
	refused(t, a.Call(t, apitest.Editor, "POST", "/incidents/"+id+"/events", `{"text":""}`), "text")
	// The refused writes recorded nothing; the first one leaves the window at 8:01:00.
	now = time.Date(2026, 12, 1, 8, 1, 0, 0, time.UTC)
	if r := a.Call(t, apitest.Editor, "POST", "/incidents/"+id+"/events", `{"text":"later"}`); r.Status != http.StatusCreated {
		t.Fatalf("after the window: %d %s", r.Status, r.Body)
	}
	var notes int
	for _, k := range a.EventKinds(t, apitest.Viewer, id) {
		if k == "note" || k == "status_update" {
			notes++
		}
	}
	if notes != incident.MaxWritesPerMinute+1 {
		t.Errorf("%d notes and updates on the timeline, want %d", notes, incident.MaxWritesPerMinute+1)
	}
}

func TestChannelsPerStatusUpdate(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "Checkout errors")
	names := make([]string, incident.MaxUpdateChannels+1)
	for i := range names {
		names[i] = fmt.Sprintf("c%d", i)
	}
	b, _ := json.Marshal(map[string]any{"body": "Investigating.", "channels": names})
	r := a.Call(t, apitest.Editor, "POST", "/incidents/"+id+"/updates", string(b))
	refused(t, r, "channels")
	if !strings.Contains(string(r.Body), "at most 20 channels") {
		t.Errorf("message: %s", r.Body)
	}
}

func TestListRowsLeaveOutThePostmortemAndHeavyDetails(t *testing.T) {
	a := apitest.New(t)
	id, _ := a.Declare(t, apitest.Editor, "Checkout errors")
	doc := fmt.Sprintf(`{"version":0,"doc":{"summary":"%s","whys":["a"]}}`, strings.Repeat("s", 5000))
	if r := a.Call(t, apitest.Editor, "PUT", "/incidents/"+id+"/postmortem", doc); r.Status != http.StatusOK {
		t.Fatalf("post-mortem: %d %s", r.Status, r.Body)
	}
	list := a.Call(t, apitest.Viewer, "GET", "/incidents", "")
	var page struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(list.Body, &page); err != nil || len(page.Items) != 1 {
		t.Fatalf("list: %v %s", err, list.Body)
	}
	row := page.Items[0]
	details := row["details"].(map[string]any)
	for _, k := range []string{"postmortem", "checklist", "steps"} {
		if _, ok := details[k]; ok {
			t.Errorf("list row carries details.%s", k)
		}
	}
	if _, ok := row["summary"]; ok {
		t.Error("list row carries the summary")
	}
	for _, k := range []string{"id", "title", "severity", "status", "services", "createdAt", "updatedAt", "createdBy", "version"} {
		if _, ok := row[k]; !ok {
			t.Errorf("list row lacks %s", k)
		}
	}
	if len(list.Body) > 2000 {
		t.Errorf("a one-row list is %d bytes", len(list.Body))
	}
	// The incident itself still has everything.
	full := a.Call(t, apitest.Viewer, "GET", "/incidents/"+id, "").JSON(t)
	if full["details"].(map[string]any)["postmortem"] == nil {
		t.Error("GET /incidents/{id} lost the post-mortem")
	}
}

func TestPatchListsAreBounded(t *testing.T) {
	a := apitest.New(t)
	id, v := a.Declare(t, apitest.Editor, "Checkout errors")
	checklist := map[string]bool{}
	for i := 0; i <= incident.MaxUpdateItems; i++ {
		checklist[fmt.Sprint("item-", i)] = true
	}
	b, _ := json.Marshal(map[string]any{"version": v, "checklist": checklist})
	r := a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, string(b))
	refused(t, r, "checklist")
	if n := len(r.FieldPaths(t)); n != 1 {
		t.Errorf("%d fields for one oversized map", n)
	}
	b, _ = json.Marshal(map[string]any{"version": v, "completeSteps": slices.Repeat([]string{"acknowledge"}, incident.MaxUpdateItems+1)})
	refused(t, a.Call(t, apitest.Editor, "PATCH", "/incidents/"+id, string(b)), "completeSteps")
}
