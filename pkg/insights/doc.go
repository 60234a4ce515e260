// Package insights measures how an org responds to incidents: when each
// incident's impact started, was detected, declared, acknowledged,
// mitigated and resolved (Record, derived once per write by the scheduler's
// projection), and what those times add up to for a set of incidents
// (Summarize: MTTD, MTTA, MTTM, MTTR as mean, median and p90, counts, SLA
// compliance, escalations and pages, post-mortems and action items).
//
// Every definition lives here and only here; docs/insights.md states them
// for people, and the data source, the API, the Insights page and the
// shipped dashboard all read what this package computes. It performs no I/O.
package insights
