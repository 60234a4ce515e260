import type {
  ConfigStatus,
  CorrelationResult,
  Evaluation,
  Incident,
  IncidentMetrics,
  IncidentTimers,
  Me,
  MetricQuery,
  Policy,
  PostmortemDoc,
  PostmortemView,
  Template,
  TimelineEvent,
} from '../api/types';

export function anIncident(overrides: Partial<Incident> = {}): Incident {
  return {
    orgId: 1,
    id: 'INC-2026-11-29-001',
    title: 'Checkout API returns 502',
    severity: 'P2',
    status: 'investigating',
    services: ['checkout-api'],
    summary: '',
    createdBy: 'alice',
    createdAt: '2026-11-29T08:00:00Z',
    updatedAt: '2026-11-29T08:00:00Z',
    version: 1,
    details: {
      links: {},
      steps: {},
      checklist: [
        { id: 'acknowledge', text: 'Acknowledge incident (within SLA)', done: false },
        { id: 'ticket', text: 'Create incident ticket', done: false },
      ],
      roles: { responders: [] },
      customerReports: 0,
      flags: { dataIntegrityAtRisk: false, securityBreach: false },
    },
    ...overrides,
  };
}

export function anEvent(overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    orgId: 1,
    incidentId: 'INC-2026-11-29-001',
    seq: 1,
    kind: 'declared',
    author: 'alice',
    at: '2026-11-29T08:00:00Z',
    payload: { severity: 'P2', services: ['checkout-api'], title: 'Checkout API returns 502' },
    ...overrides,
  };
}

export function me(role: Me['role']): Me {
  return { login: role.toLowerCase(), name: role, role, orgId: 1, anonymous: false, author: role.toLowerCase() };
}

export function aTemplate(overrides: Partial<Template> = {}): Template {
  return {
    id: 'status-investigating',
    name: 'Status page: Investigating',
    audience: 'status page',
    subject: '{{service}} - Investigating Issues',
    body: 'We are currently investigating reports of {{symptoms}}.',
    ...overrides,
  };
}

export function aPostmortemDoc(overrides: Partial<PostmortemDoc> = {}): PostmortemDoc {
  return {
    reporter: 'alice',
    reviewers: [],
    summary: 'Checkout returned 502s for 40 minutes.',
    whatHappened: '',
    whys: [],
    detection: '',
    featuresAffected: [],
    dataImpact: '',
    wentWell: [],
    couldBeBetter: [],
    learned: [],
    actionItems: [],
    links: [],
    ...overrides,
  };
}

export function aPostmortemView(overrides: Partial<PostmortemView> = {}): PostmortemView {
  return { version: 7, doc: aPostmortemDoc(), markdown: '# Post-mortem\n', saved: false, ...overrides };
}

export function aPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    version: 3,
    labels: 'P',
    postmortemDue: '48h',
    levels: [
      {
        severity: 'P1',
        meaning: 'Full outage',
        respondWithin: '15m',
        resolveWithin: '2h',
        updateEvery: '15m',
        notify: 'All hands',
        tiers: [
          { after: '0s', who: 'On-call engineer' },
          { after: '15m', who: 'Senior engineer' },
        ],
      },
      {
        severity: 'P4',
        meaning: 'Minor or cosmetic issue',
        respondWithin: '24h',
        notify: 'Normal sprint workflow',
        tiers: [{ after: '0s', who: 'Assigned engineer' }],
      },
    ],
    rules: [
      { id: 'p3-persists', from: 'P3', to: 'P2', persistsFor: '30m', autoApply: false },
      { id: 'p3-customer-reports', from: 'P3', to: 'P2', customerReportsOver: 3, autoApply: false },
    ],
    signals: { errorRateHigh: 0.05, errorRateElevated: 0.005, latencyP99: '500ms', sustainedFor: '5m' },
    timers: {
      warningFraction: 0.2,
      onUpgrade: { respond: 'earlier', update: 'restart', escalation: 'continue', resolve: 'continue' },
      onDowngrade: { respond: 'keep', update: 'restart', escalation: 'continue', resolve: 'continue' },
      persistsSince: 'severity',
      clockSkew: '1m',
    },
    paging: { repeatUntilAcknowledged: false, repeatAfter: '15m', maxRepeats: 3 },
    ...overrides,
  };
}

/** A P2 suggestion for checkout-api: error rate sustained above the high threshold, latency fine. */
export function aCorrelationResult(overrides: Partial<CorrelationResult> = {}): CorrelationResult {
  return {
    severity: 'P2',
    reasons: ['checkout-api: error rate 7.2% above 5% for 8m', 'rule p3-persists: P3 persisting 30m becomes P2'],
    rules: ['p3-persists'],
    breaching: 1,
    services: [
      {
        service: 'checkout-api',
        severity: 'P2',
        signals: [
          {
            kind: 'error_rate',
            query:
              'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="checkout"}[5m]))',
            threshold: 0.05,
            observed: 0.072,
            since: '2026-11-29T07:52:00Z',
            aboveMs: 480_000,
            sustained: true,
            active: true,
            level: 'P2',
          },
          {
            kind: 'latency',
            query:
              'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="checkout"}[5m])))',
            threshold: 0.8,
            observed: 0.41,
            aboveMs: 0,
            sustained: false,
            active: false,
          },
        ],
        leadByMs: 0,
      },
    ],
    unavailable: false,
    ...overrides,
  };
}

/** What POST /signals/evaluate answers when the panel's queries matched checkout-api. */
export function anEvaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    services: ['checkout-api'],
    from: '2026-11-29T07:00:00Z',
    to: '2026-11-29T08:00:00Z',
    result: aCorrelationResult(),
    uncatalogued: [],
    policyVersion: 3,
    ...overrides,
  };
}

/** An answer with no suggestion, only the back end's reason (as when Prometheus is not configured). */
export function anUnavailableEvaluation(reason: string, overrides: Partial<Evaluation> = {}): Evaluation {
  return anEvaluation({ services: [], result: undefined, reason, ...overrides });
}

/** One query's series over 08:00–08:02 UTC, one point a minute. */
export function aMetricQuery(
  query: string,
  values: Array<number | null>,
  overrides: Partial<MetricQuery> = {}
): MetricQuery {
  const start = Date.parse('2026-11-29T08:00:00Z');
  return {
    query,
    series: [
      { labels: { job: 'checkout' }, points: values.map((v, i): [number, number | null] => [start + i * 60_000, v]) },
    ],
    ...overrides,
  };
}

/** GET /incidents/{id}/metrics for an incident on checkout-api. */
export function anIncidentMetrics(overrides: Partial<IncidentMetrics> = {}): IncidentMetrics {
  return {
    from: '2026-11-29T07:30:00Z',
    to: '2026-11-29T09:00:00Z',
    stepMs: 60_000,
    thresholds: { errorRateHigh: 0.05, errorRateElevated: 0.01, latencyP99Seconds: 0.8, sustainedForMs: 300_000 },
    services: [
      {
        service: 'checkout-api',
        errorRate: aMetricQuery('checkout:error_ratio:rate5m', [0.01, 0.07, null]),
        latency: aMetricQuery('checkout:latency_p99:5m', [0.3, 0.9, 0.4]),
      },
    ],
    uncatalogued: [],
    ...overrides,
  };
}

/** GET /incidents/{id}/timers of a P2 declared at 08:00 and looked at by a server at 08:10. */
export function anIncidentTimers(overrides: Partial<IncidentTimers> = {}): IncidentTimers {
  return {
    now: '2026-11-29T08:10:00Z',
    incidentId: 'INC-2026-11-29-001',
    version: 1,
    policyVersion: 1,
    timers: [
      { kind: 'respond', label: 'Respond by', due: '2026-11-29T08:30:00Z', state: 'ok' },
      { kind: 'resolve', label: 'Resolve by', due: '2026-11-29T16:00:00Z', state: 'ok' },
    ],
    currentTier: { after: '0s', who: 'On-call engineer' },
    ...overrides,
  };
}

/** GET /config/status of a fresh install: the store works, nothing else is set up yet. */
export function aFreshConfigStatus(): ConfigStatus {
  return {
    sections: [
      { key: 'storage', state: 'connected', message: 'SQLite' },
      ...(['prometheus', 'aws', 'postgres', 'notifications', 'alerts'] as const).map((key) => ({
        key,
        state: 'not_configured' as const,
        message: '',
      })),
    ],
  };
}
