// Package timers computes an incident's countdowns and the escalations they
// owe, from the incident, its timeline and the severity policy, as of a given
// moment. It is pure: no I/O and no clock. The incident page, the timers
// panel and the scheduler all call Compute, so they cannot disagree; the
// scheduler sleeps until Output.NextChange and records each Firing once under
// its Key (a unique row per incident and key), which is what makes HA
// instances fire exactly once.
//
// # Timers
//
// respond-by: declared + respondWithin of the declared level. Met when the
// acknowledge step is marked at or before the due time, missed when after,
// breached while unacknowledged from the due time on. A resolution without an
// acknowledgement stops it.
//
// next update due (levels with updateEvery only): the last status_update
// event, the declaration or a reopen, plus updateEvery. Each period that
// passes without an update is one reminder Firing "update:<n>", n counting
// the incident's missed periods from 1 in time order. The timer stays
// breached, due at the first missed period, until an update is posted.
//
// escalation tiers: the current level's tiers by time since declaration.
// Reaching tier i>0 owes one Firing "tier:<severity>:<i>"; the timer counts
// down to the next tier and Who names it. Past the last tier the timer reads
// "Escalated to <who>" and stays breached: nobody is left to call.
// A ladder that pages (some tier has targets) differs in three ways: tier 0
// is owed at declaration too (the on-call is paged when the incident opens);
// the acknowledge step stops it where it stood (no tier reached later is
// owed, the timer reads "Escalation stopped"); and with
// PagingRules.RepeatUntilAcknowledged it starts again from tier 0
// RepeatAfter after its last tier, at most MaxRepeats times, those firings
// keyed "tier:<severity>:<i>:<round>". A ladder of notes only keeps the
// runbooks' time-based engagement, acknowledged or not.
//
// resolve-by: declared + resolveWithin of the current level; no timer for
// "best effort" levels (P4 by default). Met or missed by the resolution.
//
// post-mortem due: resolvedAt + postmortemDue, once resolved. Done when the
// "postmortem" step is marked, or when the saved document (details.postmortem)
// is complete: status "published", or a summary plus a root cause (what
// happened or a why). A complete document is dated by its last save (the
// latest postmortem_updated event), so a post-mortem reworked after the due
// time counts as late: it was not finished in time.
//
// Every running timer is ok, then warning for the last
// TimerRules.WarningFraction of its window, then breached; at the due time
// itself it is already breached, and a completion at the due time is met.
//
// # Severity changes
//
// The history comes from severity_changed events (payload "from", "to").
// Until acknowledged, respond-by reacts per TimerRules: by default an upgrade
// takes the earlier of the running due and change + the new respondWithin,
// a downgrade keeps it. The update cadence restarts from the change with the
// new level's cadence (a level without one has no update timer). Escalation
// tiers and resolve-by continue from declaration with the new level's
// targets, so an upgrade can reach several tiers at once; each still fires
// once. See policy.DefaultTimerRules for why.
//
// # Escalation rules
//
// A rule is evaluated only while the incident is open at the rule's From
// level; its Firing "rule:<id>:<from>" is owed while any condition holds:
// persistsFor (counted per TimerRules.PersistsSince: by default since the
// incident reached From), with withoutMitigation only while no "mitigate"
// step is marked; customerReportsOver (details.customerReports above it);
// dataIntegrityAtRisk (details.flags); multipleServices (more than one
// affected service). Error-rate conditions need metrics and are left to the
// severity suggestion. Firing.At is when the first holding condition began,
// never before the incident reached From.
//
// # Resolution and reopening
//
// Resolution stops every timer but post-mortem: completed ones keep their
// verdict, running ones read stopped, and nothing more is owed (Firings is
// empty: escalating a resolved incident helps nobody). A reopen makes the
// incident live again without rewinding its age: respond-by and resolve-by
// count from declaration (an incident reopened late has missed its resolve
// target), tiers already fired stay fired, and the update cadence restarts
// from the reopen, which is itself news for stakeholders. The post-mortem
// timer waits for the next resolution.
//
// # Clocks
//
// Facts carry the clock of the instance that recorded them. A fact dated up
// to TimerRules.ClockSkew after Now counts now, at its recorded time; one
// dated further ahead counts once Now is that close, so a skewed or replayed
// record cannot complete a timer early. Facts are never earlier than the
// declaration and never earlier than the fact before them, so no duration is
// negative. Before the declaration every timer is ok and nothing is owed.
// Only events of EventKinds are facts: a note or a delivery record neither
// moves nor orders a clock, so callers may pass just those kinds (the
// scheduler, GET /timers and the data source read no others).
//
// Firings list only what is owed now: the current level's reached tiers,
// holding rules, and the reminders since the last update. The scheduler
// dedupes by Key, so recomputing is always safe.
package timers
