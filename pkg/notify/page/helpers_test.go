package page

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

var at = time.Date(2026, 12, 6, 14, 3, 0, 0, time.UTC)

const (
	incidentURL = "https://grafana.example.com/a/warroom-incident-app/incidents/INC-2026-12-06-001"
	ackURL      = "https://grafana.example.com/api/plugins/warroom-incident-app/resources/ack?t=ack-TOKEN-123"
)

func testPage() Page {
	return Page{
		DeliveryID: "3/INC-2026-12-06-001/tier:P1:0/alice/email", IncidentID: "INC-2026-12-06-001",
		Title: "Checkout <down> & paging", Severity: incident.P1, SeverityLabel: "SEV1",
		Reason:      "Escalation tier 1 of P1: you are on call (Primary)",
		IncidentURL: incidentURL, AckURL: ackURL, At: at,
	}
}
