import type { InsightsGroup, InsightsPoint, InsightsReport, InsightsStat } from '../api/types';

const NONE: InsightsStat = { n: 0, mean: 0, median: 0, p90: 0 };

/**
 * A group of 2 incidents, one resolved: acknowledged in 4 and 6 min (MTTA median 4 min, p90 6 min),
 * the resolved one after 1 h; respond-by met once and breached once.
 */
export function anInsightsGroup(overrides: Partial<InsightsGroup> = {}): InsightsGroup {
  return {
    key: '',
    incidents: 2,
    open: 1,
    resolved: 1,
    reopened: 0,
    mttd: { n: 2, mean: 90, median: 60, p90: 120 },
    mtta: { n: 2, mean: 300, median: 240, p90: 360 },
    mttm: NONE,
    mttr: { n: 1, mean: 3600, median: 3600, p90: 3600 },
    respond: { met: 1, breached: 1, pending: 0 },
    resolve: { met: 1, breached: 0, pending: 1 },
    updates: { met: 0, breached: 0, pending: 2 },
    postmortem: { met: 0, breached: 0, pending: 1 },
    escalations: 1,
    pages: 2,
    escalationsPerIncident: 0.5,
    pagesPerIncident: 1,
    actionItems: 3,
    actionItemsOpen: 2,
    actionItemsOverdue: 1,
    ...overrides,
  };
}

/** A bucket starting at `start`, with anInsightsGroup's measures unless told otherwise. */
export function aSeriesPoint(start: string, overrides: Partial<InsightsGroup> = {}): InsightsPoint {
  const empty = overrides.incidents === 0;
  return {
    ...anInsightsGroup(
      empty
        ? { open: 0, resolved: 0, mttd: NONE, mtta: NONE, mttr: NONE, respond: { met: 0, breached: 0, pending: 0 } }
        : {}
    ),
    ...overrides,
    start,
  };
}

/** GET /insights grouped by severity over two weeks: a P1 and a P2 group, one empty week. */
export function anInsightsReport(overrides: Partial<InsightsReport> = {}): InsightsReport {
  return {
    total: anInsightsGroup({ incidents: 4, open: 2, resolved: 2 }),
    groups: [
      anInsightsGroup({ key: 'P1' }),
      anInsightsGroup({ key: 'P2', mtta: { n: 2, mean: 900, median: 720, p90: 1080 }, mttr: NONE }),
    ],
    series: [
      aSeriesPoint('2026-11-23T00:00:00Z', { incidents: 4 }),
      aSeriesPoint('2026-11-30T00:00:00Z', { incidents: 0 }),
    ],
    ...overrides,
  };
}

/** No incident in the range: every measure empty, every bucket there (a chart has no holes). */
export function anEmptyInsightsReport(): InsightsReport {
  const none = aSeriesPoint('2026-11-23T00:00:00Z', { incidents: 0 });
  const { start: _start, ...total } = none;
  return { total: { ...total, actionItems: 0, actionItemsOpen: 0, actionItemsOverdue: 0 }, groups: [], series: [none] };
}
