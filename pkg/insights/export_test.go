package insights

import (
	"strings"
	"testing"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

func TestDurationsOf(t *testing.T) {
	t0 := time.Date(2026, 3, 29, 0, 30, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := t0.Add(d); return &t }
	r := Record{ImpactStart: t0, Detected: *at(4 * mins), Declared: *at(10 * mins), Acknowledged: at(9 * mins), Resolved: at(2 * hrs)}
	d := DurationsOf(r)
	switch {
	case d.Detect != 240:
		t.Errorf("detect %v", d.Detect)
	case d.Acknowledge == nil || *d.Acknowledge != 0:
		t.Errorf("acknowledged before declared took no time: %v", d.Acknowledge)
	case d.Mitigate != nil:
		t.Errorf("not mitigated: %v", *d.Mitigate)
	case d.Resolve == nil || *d.Resolve != 7200:
		t.Errorf("resolve %v", d.Resolve)
	}
}

func TestOverdueIsJudgedOnTheDayInTheZone(t *testing.T) {
	now := time.Date(2026, 12, 1, 23, 30, 0, 0, time.UTC)
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	if today := Today(now, nil); today != "2026-12-01" || Overdue("2026-12-01", today) || !Overdue("2026-11-30", today) {
		t.Errorf("UTC: %s", today)
	}
	if today := Today(now, tokyo); today != "2026-12-02" || !Overdue("2026-12-01", today) {
		t.Errorf("Tokyo is a day ahead: %s", today)
	}
}

func TestSelectIsWhatSummarizeCounts(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	row := func(id string, d time.Duration, sev string, services ...string) Row {
		return Row{Record: Record{IncidentID: id, Declared: t0.Add(d), Severity: incident.Severity(sev)}, Services: services}
	}
	rows := []Row{row("c", 2*hrs, "P1", "api"), row("a", 2*hrs, "P1", "db", "api"), row("b", hrs, "P2", "api"),
		row("early", -hrs, "P1", "api"), row("other", hrs, "P1", "web")}
	q := Query{From: t0, To: t0.Add(3 * hrs), Services: []string{"api"}}
	var ids []string
	for _, r := range Select(rows, q) {
		ids = append(ids, r.IncidentID)
	}
	if got := strings.Join(ids, ","); got != "b,a,c" {
		t.Fatalf("selected %s", got)
	}
	if n := Summarize(rows, q).Total.Incidents; n != len(ids) {
		t.Fatalf("Summarize counts %d, Select lists %d", n, len(ids))
	}
}
