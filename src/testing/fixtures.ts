import type { Incident, Me, TimelineEvent } from '../api/types';

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
    details: { links: {} },
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
