// Package diagnostics runs read-only checks against a catalogued service and
// keeps what they found as evidence: every Finding carries a sentence for the
// responder, tables for the timeline, and numbers (Facts) that the runbook
// library matches on.
package diagnostics

import (
	"context"
	"fmt"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/catalog"
)

// Status is the verdict of one check. StatusError means the check itself
// could not run (throttled, denied, timed out): it says nothing about the
// health of the service, so it is never reported as "ok".
type Status string

const (
	StatusOK       Status = "ok"
	StatusWarning  Status = "warning"
	StatusCritical Status = "critical"
	StatusError    Status = "error"
)

// Statuses lists every status (the generated TypeScript union).
var Statuses = []Status{StatusOK, StatusWarning, StatusCritical, StatusError}

// rank orders statuses for the summary: a failed check outranks a warning
// because an unknown may hide a critical, but not a known critical.
func (s Status) rank() int {
	switch s {
	case StatusOK:
		return 0
	case StatusWarning:
		return 1
	case StatusError:
		return 2
	case StatusCritical:
		return 3
	}
	return 2 // an unknown status is treated like a failed check
}

// Worse returns the more severe of two statuses.
func Worse(a, b Status) Status {
	if b.rank() > a.rank() {
		return b
	}
	return a
}

// Table is evidence in rows, rendered as-is by the UI and the timeline.
// Sensitive marks production data: other sessions' SQL text, log lines,
// response bodies. It is shown to Editors and Admins only (SummaryOnly).
type Table struct {
	Title     string     `json:"title,omitempty"`
	Columns   []string   `json:"columns"`
	Rows      [][]string `json:"rows"`
	Sensitive bool       `json:"sensitive,omitempty"`
}

// Finding is the outcome of one check.
type Finding struct {
	Check   string  `json:"check"`
	Service string  `json:"service"`
	Title   string  `json:"title"`
	Status  Status  `json:"status"`
	Summary string  `json:"summary"`
	Details []Table `json:"details,omitempty"`
	// Facts are machine-readable numbers for runbook suggestion, e.g.
	// "connections_ratio": 0.93. Names are snake_case and stable.
	Facts map[string]float64 `json:"facts,omitempty"`
	Error string             `json:"error,omitempty"`
	// Withheld says that evidence carrying production data was left out
	// of this copy (SummaryOnly): the reader sees the summary only.
	Withheld bool          `json:"withheld,omitempty"`
	Started  time.Time     `json:"started"`
	Took     time.Duration `json:"took"`
}

// SetFact records a number, creating the map on first use.
func (f *Finding) SetFact(name string, v float64) {
	if f.Facts == nil {
		f.Facts = map[string]float64{}
	}
	f.Facts[name] = v
}

// AddTable appends a table of evidence.
func (f *Finding) AddTable(title string, columns []string, rows [][]string) {
	if rows == nil {
		rows = [][]string{} // JSON "rows": [] rather than null for the UI
	}
	f.Details = append(f.Details, Table{Title: title, Columns: columns, Rows: rows})
}

// AddSensitiveTable appends evidence that carries production data.
func (f *Finding) AddSensitiveTable(title string, columns []string, rows [][]string) {
	f.AddTable(title, columns, rows)
	f.Details[len(f.Details)-1].Sensitive = true
}

// CarriesProductionData reports a finding with a Sensitive table.
func (f Finding) CarriesProductionData() bool {
	for _, t := range f.Details {
		if t.Sensitive {
			return true
		}
	}
	return false
}

// SummaryOnly returns the finding as a reader without access to production
// data may see it: a finding whose evidence carries production data keeps
// its verdict, summary and facts, and loses every evidence table (they
// come from the same rows); other findings are returned as they are.
func (f Finding) SummaryOnly() Finding {
	if !f.CarriesProductionData() {
		return f
	}
	f.Details = nil
	f.Withheld = true
	return f
}

// SummaryOnlyAll applies SummaryOnly to each finding, in a new slice.
func SummaryOnlyAll(fs []Finding) []Finding {
	out := make([]Finding, len(fs))
	for i, f := range fs {
		out[i] = f.SummaryOnly()
	}
	return out
}

// Fail marks the finding as a failed check.
func (f *Finding) Fail(err error) {
	f.Status = StatusError
	f.Error = err.Error()
	f.Summary = "The check could not run: " + err.Error()
}

// Check is one read-only diagnostic. Run must honour ctx: the runner stops
// waiting at the deadline, but only the check can stop its own work.
type Check interface {
	ID() string
	Title() string
	Run(ctx context.Context) Finding
}

// Target is one catalogued service and the resources diagnostics may look at.
type Target struct {
	Service   string          `json:"service"`
	HealthURL string          `json:"healthUrl,omitempty"`
	AWS       *AWSTarget      `json:"aws,omitempty"`
	Postgres  *PostgresTarget `json:"postgres,omitempty"`
}

// AWSTarget names a service's AWS resources; empty fields are not checked.
// It is the catalog's own type: the checks read exactly what the catalog holds.
type AWSTarget = catalog.AWSResources

// PostgresTarget is a database to inspect. DSN is a secret.
type PostgresTarget struct {
	Name string `json:"name"`
	DSN  string `json:"-"`
}

// funcCheck adapts a function to Check so that each adapter only writes the
// part that differs: what to ask and how to judge it.
type funcCheck struct {
	id, title, service string
	fn                 func(ctx context.Context, f *Finding) error
}

// NewCheck returns a Check whose Run prepares the Finding, calls fn to fill
// it, and turns a returned error into a StatusError finding.
func NewCheck(id, title, service string, fn func(ctx context.Context, f *Finding) error) Check {
	return &funcCheck{id: id, title: title, service: service, fn: fn}
}

func (c *funcCheck) ID() string    { return c.id }
func (c *funcCheck) Title() string { return c.title }

func (c *funcCheck) Run(ctx context.Context) Finding {
	f := Finding{Check: c.id, Service: c.service, Title: c.title, Status: StatusOK, Started: time.Now()}
	if err := c.fn(ctx, &f); err != nil {
		f.Fail(err)
	}
	f.Took = time.Since(f.Started)
	return f
}

// Pct formats a ratio as a percentage for summaries.
func Pct(ratio float64) string { return fmt.Sprintf("%.0f%%", ratio*100) }

// Service lets the runner name the service in findings it writes itself
// (timeouts, panics).
func (c *funcCheck) Service() string { return c.service }
