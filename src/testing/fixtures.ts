import type { Incident, Me, Policy, PostmortemDoc, PostmortemView, Template, TimelineEvent } from '../api/types';

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
  return { login: role.toLowerCase(), name: role, role, orgId: 1 };
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
    ...overrides,
  };
}
