import type { ContactMethodView, OnCallSchedule, ScheduleSummary, ScheduleView, Shift } from '../../api/types';

// The test clock (testing/user.ts) is 2026-11-29T08:10:00Z, a Sunday; jest runs in UTC.

export function aShift(overrides: Partial<Shift> = {}): Shift {
  return {
    user: 'alice',
    start: '2026-11-23T08:00:00Z',
    end: '2026-11-30T08:00:00Z',
    source: 'rotation',
    layer: 0,
    ...overrides,
  };
}

export function aSchedule(overrides: Partial<OnCallSchedule> = {}): OnCallSchedule {
  return {
    id: 'payments',
    name: 'Payments',
    timeZone: 'Europe/Berlin',
    layers: [
      {
        name: 'Primary',
        rotation: { participants: ['alice', 'bob'], every: 1, unit: 'weeks', start: '2026-11-23T09:00' },
      },
    ],
    overrides: [],
    ...overrides,
  };
}

export function aSummary(overrides: Partial<ScheduleSummary> = {}): ScheduleSummary {
  return {
    id: 'payments',
    name: 'Payments',
    timeZone: 'Europe/Berlin',
    version: 3,
    now: aShift(),
    next: aShift({ user: 'bob', start: '2026-11-30T08:00:00Z', end: '2026-12-07T08:00:00Z' }),
    ...overrides,
  };
}

export function aScheduleView(overrides: Partial<ScheduleView> = {}): ScheduleView {
  return {
    schedule: aSchedule(),
    version: 3,
    updatedBy: 'alice',
    updatedAt: '2026-11-20T10:00:00Z',
    now: aShift(),
    next: aShift({ user: 'bob', start: '2026-11-30T08:00:00Z', end: '2026-12-07T08:00:00Z' }),
    from: '2026-11-29T08:10:00Z',
    to: '2026-12-13T08:10:00Z',
    shifts: [
      aShift({ start: '2026-11-29T08:10:00Z' }),
      aShift({ user: 'bob', start: '2026-11-30T08:00:00Z', end: '2026-12-07T08:00:00Z' }),
    ],
    ...overrides,
  };
}

export const PEOPLE = {
  source: 'grafana' as const,
  people: [
    { login: 'alice', name: 'Alice Adams', email: 'alice@example.com' },
    { login: 'bob', name: 'Bob Brown', email: 'bob@example.com' },
    { login: 'carol', name: 'Carol Chen' },
  ],
};

export function aContactMethod(overrides: Partial<ContactMethodView> = {}): ContactMethodView {
  return {
    id: 'email-1',
    login: 'editor',
    kind: 'email',
    address: 'editor@example.com',
    position: 0,
    hasSecret: false,
    updatedAt: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}
