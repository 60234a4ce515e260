package demo

import (
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Load is a service's traffic in one phase of a scenario, in the terms of
// the synthetic fleet the demo runs (internal/testenv/synthetic): every
// request of the phase takes Latency.
type Load struct {
	RPS        float64
	ErrorRatio float64
	Latency    time.Duration
}

// Scenario is one demo incident and the metrics behind it. The incident is
// declared Ago before the seed; its service misbehaved (Trouble) from Onset
// before the seed until Recovered before it (0: still misbehaving), and was
// Healthy otherwise. Seed creates the incidents; the demo fleet
// (internal/testenv/cmd/fleet -demo) serves and backfills the metrics from
// the same table, so each graph shows its breach starting a little before
// the incident was declared.
type Scenario struct {
	Ago       time.Duration
	Title     string
	Severity  incident.Severity
	Status    incident.Status
	Service   string
	Summary   string
	Note      string
	Onset     time.Duration
	Recovered time.Duration
	Healthy   Load
	Trouble   Load
}

// healthy is every demo service outside its trouble: 0.2% errors, 120 ms.
var healthy = Load{RPS: 40, ErrorRatio: 0.002, Latency: 120 * time.Millisecond}

// Scenarios are the runbooks' common incidents (shared/seeds), oldest first.
// The default policy's thresholds are 5% errors (high) and 500 ms p99.
var Scenarios = []Scenario{
	{Ago: 26 * time.Hour, Title: "Status page typo in maintenance banner", Severity: incident.P4, Status: incident.Resolved,
		Service: "status-page", Summary: "Cosmetic typo reported by support.", Note: "Fixed in the CMS; no customer impact.",
		Onset: 26 * time.Hour, Healthy: healthy, Trouble: healthy},
	{Ago: 5 * time.Hour, Title: "Redis cache unavailable for session store", Severity: incident.P2, Status: incident.Monitoring,
		Service: "auth-api", Summary: "Logins failing intermittently; ElastiCache node replaced.", Note: "Failover complete, watching error rate.",
		Onset: 5*time.Hour + 10*time.Minute, Recovered: 2*time.Hour + 40*time.Minute, Healthy: healthy,
		Trouble: Load{RPS: 40, ErrorRatio: 0.3, Latency: 900 * time.Millisecond}},
	{Ago: 90 * time.Minute, Title: "Elevated p99 latency on search", Severity: incident.P3, Status: incident.Identified,
		Service: "search-api", Summary: "p99 above 500 ms since the last deploy.", Note: "Suspect the new ranking query; rollback candidate identified in ECR.",
		Onset: 100 * time.Minute, Healthy: healthy, Trouble: Load{RPS: 40, ErrorRatio: 0.004, Latency: 800 * time.Millisecond}},
	{Ago: 40 * time.Minute, Title: "Database connection pool exhausted", Severity: incident.P2, Status: incident.Investigating,
		Service: "orders-api", Summary: "DatabaseConnections near max_connections; orders timing out.", Note: "Idle connections older than 10 min found.",
		Onset: 45 * time.Minute, Healthy: healthy, Trouble: Load{RPS: 40, ErrorRatio: 0.12, Latency: 2 * time.Second}},
	{Ago: 8 * time.Minute, Title: "Checkout API returning 502s", Severity: incident.P1, Status: incident.Investigating,
		Service: "checkout-api", Summary: "ALB target group reports all targets unhealthy; over half of checkouts failing.", Note: "Paging senior engineer per escalation tier.",
		Onset: 11 * time.Minute, Healthy: healthy, Trouble: Load{RPS: 40, ErrorRatio: 0.55, Latency: 300 * time.Millisecond}},
}

// graphLead is how far before its declaration an incident page's graphs
// start (pkg/api metrics: created − 30 min), plus the 5 min rate window.
const graphLead = 35 * time.Minute

// History is how much past the demo fleet backfills so that every scenario's
// graphs are full: from before the oldest incident's graphs begin.
func History() time.Duration {
	var h time.Duration
	for _, s := range Scenarios {
		h = max(h, s.Ago+graphLead, s.Onset+graphLead)
	}
	return h
}

// LoadAt is the scenario service's traffic `ago` before the seed.
func (s Scenario) LoadAt(ago time.Duration) Load {
	if ago <= s.Onset && (s.Recovered == 0 || ago > s.Recovered) {
		return s.Trouble
	}
	return s.Healthy
}
