package insights

import (
	"slices"
	"time"

	"github.com/warroom/warroom-incident-app/pkg/incident"
)

// Row is a record with the incident's title and the services it counts for.
type Row struct {
	Record
	Title    string   `json:"title"`
	Services []string `json:"services"`
}

// NoService is the group key of an incident without services (none is
// declared so today; kept so an odd row is counted, not lost).
const NoService = "(none)"

// Grouping keys of Query.GroupBy.
const (
	BySeverity = "severity"
	ByService  = "service"
)

// Bucket sizes of Query.Bucket.
const (
	Week  = "week"
	Month = "month"
)

// Query says which incidents are measured and how they are cut. Incidents
// count where they were declared: in [From, To), in the bucket of their
// declaration in Zone.
type Query struct {
	From, To time.Time
	// Services and Severities narrow the incidents (empty: any). An
	// incident matches a service it names, a severity it reached (Record.Severity).
	Services   []string
	Severities []incident.Severity
	GroupBy    string         // BySeverity, ByService or "" (no groups)
	Bucket     string         // Week, Month or "" (no series)
	Zone       *time.Location // buckets start at local midnight here; nil is UTC
	// Now judges what depends on the day asked (overdue action items).
	Now time.Time
}

// Group is the measures of one set of incidents.
type Group struct {
	Key       string `json:"key"`
	Incidents int    `json:"incidents"`
	Open      int    `json:"open"`
	Resolved  int    `json:"resolved"`
	Reopened  int    `json:"reopened"` // incidents reopened at least once

	// MTTD is impact start → detected; MTTA declared → acknowledged; MTTM
	// impact start → mitigated; MTTR impact start → resolved (final). Each
	// over the incidents that have both times.
	MTTD Stat `json:"mttd"`
	MTTA Stat `json:"mtta"`
	MTTM Stat `json:"mttm"`
	MTTR Stat `json:"mttr"`

	Respond    Compliance `json:"respond"`
	Resolve    Compliance `json:"resolve"`
	Updates    Compliance `json:"updates"`
	Postmortem Compliance `json:"postmortem"`

	Escalations int `json:"escalations"`
	Pages       int `json:"pages"`
	// EscalationsPerIncident and PagesPerIncident are the totals over Incidents.
	EscalationsPerIncident float64 `json:"escalationsPerIncident"`
	PagesPerIncident       float64 `json:"pagesPerIncident"`

	ActionItems        int `json:"actionItems"`
	ActionItemsOpen    int `json:"actionItemsOpen"`
	ActionItemsOverdue int `json:"actionItemsOverdue"` // open, due before Query.Now's day
}

// Compliance counts incidents by outcome against one target; incidents
// whose level has no such target are in none of them.
type Compliance struct {
	Met      int `json:"met"`
	Breached int `json:"breached"`
	Pending  int `json:"pending"`
}

// Point is one bucket of the series: its start (local midnight in the
// query's zone) and the measures of the incidents declared in it.
type Point struct {
	Start time.Time `json:"start"`
	Group
}

// Report is everything the Insights page shows for one query.
type Report struct {
	Total  Group   `json:"total"`
	Groups []Group `json:"groups"`
	Series []Point `json:"series"`
}

// Summarize measures rows as q asks. Rows outside q's range or filters are
// left out, so a store may hand over a superset.
func Summarize(rows []Row, q Query) Report {
	zone := q.Zone
	if zone == nil {
		zone = time.UTC
	}
	today := Today(q.Now, zone)
	total := newAcc("")
	groups := map[string]*acc{}
	buckets := map[time.Time]*acc{}
	for i := range rows {
		r := &rows[i]
		if !q.matches(r) {
			continue
		}
		total.add(r, today)
		for _, k := range q.keys(r) {
			if groups[k] == nil {
				groups[k] = newAcc(k)
			}
			groups[k].add(r, today)
		}
		if q.Bucket != "" {
			b := BucketStart(r.Declared, q.Bucket, zone)
			if buckets[b] == nil {
				buckets[b] = newAcc("")
			}
			buckets[b].add(r, today)
		}
	}
	rep := Report{Total: total.group(), Groups: []Group{}, Series: []Point{}}
	for _, k := range groupOrder(groups, q.GroupBy) {
		rep.Groups = append(rep.Groups, groups[k].group())
	}
	if q.Bucket != "" && q.From.Before(q.To) {
		// Every bucket of the range, empty ones too, so a chart has no holes.
		for b := BucketStart(q.From, q.Bucket, zone); b.Before(q.To); b = NextBucket(b, q.Bucket, zone) {
			a := buckets[b]
			if a == nil {
				a = newAcc("")
			}
			rep.Series = append(rep.Series, Point{Start: b, Group: a.group()})
		}
	}
	return rep
}

func (q Query) matches(r *Row) bool {
	if r.Declared.Before(q.From) || !r.Declared.Before(q.To) {
		return false
	}
	if len(q.Severities) > 0 && !slices.Contains(q.Severities, r.Severity) {
		return false
	}
	if len(q.Services) > 0 && !slices.ContainsFunc(r.Services, func(s string) bool { return slices.Contains(q.Services, s) }) {
		return false
	}
	return true
}

// keys are the groups r counts in: one severity, or each of its services
// (an incident of two services counts in both).
func (q Query) keys(r *Row) []string {
	switch q.GroupBy {
	case BySeverity:
		return []string{string(r.Severity)}
	case ByService:
		if len(r.Services) == 0 {
			return []string{NoService}
		}
		var ks []string
		for _, s := range r.Services {
			if len(q.Services) == 0 || slices.Contains(q.Services, s) {
				ks = append(ks, s)
			}
		}
		return ks
	}
	return nil
}

// groupOrder is P1…P4 for severities, names for services.
func groupOrder(groups map[string]*acc, by string) []string {
	var ks []string
	if by == BySeverity {
		for _, s := range incident.Severities {
			if groups[string(s)] != nil {
				ks = append(ks, string(s))
			}
		}
		return ks
	}
	for k := range groups {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// acc accumulates one group.
type acc struct {
	g                      Group
	mttd, mtta, mttm, mttr []float64
}

func newAcc(key string) *acc { return &acc{g: Group{Key: key}} }

func (a *acc) add(r *Row, today string) {
	g := &a.g
	g.Incidents++
	if r.Resolved != nil {
		g.Resolved++
	} else {
		g.Open++
	}
	if r.Reopened > 0 {
		g.Reopened++
	}
	d := DurationsOf(r.Record)
	a.mttd = append(a.mttd, d.Detect)
	if d.Acknowledge != nil {
		a.mtta = append(a.mtta, *d.Acknowledge)
	}
	if d.Mitigate != nil {
		a.mttm = append(a.mttm, *d.Mitigate)
	}
	if d.Resolve != nil {
		a.mttr = append(a.mttr, *d.Resolve)
	}
	g.Respond.count(r.Respond)
	g.Resolve.count(r.Resolve)
	g.Updates.count(r.Updates)
	g.Postmortem.count(r.Postmortem)
	g.Escalations += r.Escalations
	g.Pages += r.Pages
	g.ActionItems += r.ActionItems
	g.ActionItemsOpen += len(r.OpenDue)
	g.ActionItemsOverdue += OverdueItems(r.Record, today)
}

func (c *Compliance) count(o Outcome) {
	switch o {
	case Met:
		c.Met++
	case Breached:
		c.Breached++
	case Pending:
		c.Pending++
	}
}

func (a *acc) group() Group {
	g := a.g
	g.MTTD, g.MTTA, g.MTTM, g.MTTR = statOf(a.mttd), statOf(a.mtta), statOf(a.mttm), statOf(a.mttr)
	if g.Incidents > 0 {
		g.EscalationsPerIncident = float64(g.Escalations) / float64(g.Incidents)
		g.PagesPerIncident = float64(g.Pages) / float64(g.Incidents)
	}
	return g
}

// BucketStart is the start of t's week (Monday) or month at local midnight
// in zone. Across a DST change a week is 167 or 169 hours long: buckets are
// calendar periods, not fixed durations.
func BucketStart(t time.Time, bucket string, zone *time.Location) time.Time {
	l := t.In(zone)
	if bucket == Month {
		return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, zone)
	}
	back := (int(l.Weekday()) + 6) % 7 // days since Monday
	return time.Date(l.Year(), l.Month(), l.Day()-back, 0, 0, 0, 0, zone)
}

// NextBucket is the start of the bucket after the one starting at b.
func NextBucket(b time.Time, bucket string, zone *time.Location) time.Time {
	l := b.In(zone)
	if bucket == Month {
		return time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, zone)
	}
	return time.Date(l.Year(), l.Month(), l.Day()+7, 0, 0, 0, 0, zone)
}
