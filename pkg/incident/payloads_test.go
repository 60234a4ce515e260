package incident

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// Rows as the store holds them, one per kind (written by the code before
// the payload structs existed): each decodes into its struct and encodes
// back to the same JSON, so old rows read as before and new rows are written
// as before.
var storedPayloads = map[EventKind][]string{
	EventDeclared: {`{"severity":"P2","services":["checkout"],"title":"Checkout errors"}`,
		`{"severity":"P1","services":["a","b"],"title":"t","suggested":"P1","evidence":["error rate 7%"]}`},
	EventNote:            {`{"text":"rolled back"}`},
	EventStatusChanged:   {`{"from":"investigating","to":"resolved"}`, `{"from":"identified","to":"monitoring","reason":"fix deployed"}`},
	EventSeverityChanged: {`{"from":"P3","to":"P2","reason":"error rate > 5%"}`},
	EventTitleChanged:    {`{"from":"a","to":"b"}`},
	EventReopened:        {`{"from":"resolved","to":"investigating","reason":"errors are back"}`},
	EventStepCompleted:   {`{"step":"acknowledge"}`},
	EventChecklist:       {`{"id":"ticket","text":"Create incident ticket","done":true}`},
	EventRolesChanged:    {`{"from":{"responders":[]},"to":{"commander":"ada","responders":["bob"]}}`},
	EventReportsChanged:  {`{"from":0,"to":12}`},
	EventFlagsChanged:    {`{"from":{"dataIntegrityAtRisk":false,"securityBreach":false},"to":{"dataIntegrityAtRisk":true,"securityBreach":false}}`},
	EventStatusUpdate:    {`{"templateId":"","subject":"S","body":"B"}`, `{"templateId":"t","subject":"S","body":"B","channels":["ops"]}`},
	EventPostmortem:      {`{"actionItems":2,"version":3}`},
	EventAlertFiring: {`{"fingerprint":"f1","startsAt":"2026-03-14T09:00:00Z","alertname":"HighErrors","summary":"s","labels":{"service":"checkout"},"values":{"A":0.07}}`,
		`{"alertname":"Noisy","summary":"2 more alerts not recorded","notRecorded":2}`},
	EventAlertResolved:     {`{"fingerprint":"f1","startsAt":"2026-03-14T09:00:00Z","endsAt":"2026-03-14T10:00:00Z","alertname":"HighErrors","summary":"","labels":{"a":"b"}}`},
	EventSeveritySuggested: {`{"current":"P3","suggested":"P1","direction":"upgrade","reasons":["r"],"rules":["p3-to-p1"],"applied":true,"rule":"p3-to-p1"}`},
	EventEscalation: {`{"key":"rule:x","firing":"escalation_rule","dueAt":"2026-03-14T09:00:00Z","severity":"P2","rule":"x","from":"P2","to":"P1","applied":false,"channels":[],"text":"t"}`,
		`{"key":"tier:P1:1","firing":"tier","dueAt":"2026-03-14T09:00:00Z","severity":"P1","who":"On-call","channels":["ops"],"text":"t"}`},
	EventUpdateDue:             {`{"key":"update:1","firing":"update_reminder","dueAt":"2026-03-14T09:00:00Z","severity":"P1","channels":[],"text":"t","missed":3}`},
	EventNotificationDelivered: {`{"channel":"ops","kind":"escalation","deliveryId":"1/INC/k/ops","attempts":1,"status":200}`},
	EventNotificationFailed:    {`{"channel":"ops","deliveryId":"1/INC/k/ops","attempts":8,"error":"not delivered"}`},
	EventDiagnosticsRun:        {`{"runId":"r1","status":"critical","counts":{"critical":1},"total":1,"findings":[{"check":"c"}],"suggestions":[],"tookMs":12}`},
	EventRemediationRun:        {`{"ok":false,"result":{"action":"terminate-idle-backends","service":"db","summary":""},"error":"denied","resource":"main"}`},
	EventImpactChanged:         {`{"from":"2026-03-14T09:00:00Z","to":"2026-03-14T08:40:00Z","reason":"the error rate rose at 08:40"}`},
}

func TestEveryKindHasOnePayload(t *testing.T) {
	seen := map[EventKind]bool{}
	for _, kp := range EventPayloads {
		if seen[kp.Kind] {
			t.Errorf("%s listed twice", kp.Kind)
		}
		seen[kp.Kind] = true
		if len(storedPayloads[kp.Kind]) == 0 {
			t.Errorf("%s: no stored row to test", kp.Kind)
		}
	}
	for k := range storedPayloads {
		if !seen[k] {
			t.Errorf("%s has no payload struct in EventPayloads", k)
		}
	}
}

func TestStoredPayloadsRoundTrip(t *testing.T) {
	for _, kp := range EventPayloads {
		for _, row := range storedPayloads[kp.Kind] {
			var stored map[string]any
			if err := json.Unmarshal([]byte(row), &stored); err != nil {
				t.Fatal(err)
			}
			// Decode into a fresh value of the kind's struct, then encode.
			ptr := reflect.New(reflect.TypeOf(kp.Payload))
			b, _ := json.Marshal(stored)
			if err := json.Unmarshal(b, ptr.Interface()); err != nil {
				t.Fatalf("%s: %s does not decode: %v", kp.Kind, row, err)
			}
			got, _ := json.Marshal(PayloadMap(ptr.Interface()))
			var back map[string]any
			_ = json.Unmarshal(got, &back)
			if !reflect.DeepEqual(back, stored) {
				t.Errorf("%s:\n stored %s\n encode %s", kp.Kind, row, got)
			}
		}
	}
}

func TestDecodePayloadReadsFreshAndStoredEvents(t *testing.T) {
	at := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	fresh := NewEvent(EventFlagsChanged, "ada", at, FlagsChangedPayload{To: Flags{DataIntegrityAtRisk: true}, Reason: "r"})
	if p := DecodePayload[FlagsChangedPayload](fresh); !p.To.DataIntegrityAtRisk || p.From.DataIntegrityAtRisk || p.Reason != "r" {
		t.Errorf("fresh: %+v", p)
	}
	stored := Event{Kind: EventReportsChanged, Payload: map[string]any{"from": float64(3), "to": "many", "reason": "r"}}
	if p := DecodePayload[ReportsChangedPayload](stored); p.From != 3 || p.To != 0 || p.Reason != "r" {
		t.Errorf("a field of another type reads as zero, the others as stored: %+v", p)
	}
}
