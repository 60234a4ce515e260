import React from 'react';
import { render, screen, within } from '@testing-library/react';

import type { TimelineEvent } from '../../../api/types';
import type { DashboardNote } from '../../../annotations/notes';
import { anEvent } from '../../../testing/fixtures';
import { userWithFakeClock } from '../../../testing/user';
import { TimelineSection } from './TimelineSection';

jest.mock('../../../api/client', () => require('../../../testing/fakeApi').fakeApi());

/** The event numbered seq, a minute after the previous one. */
function at(seq: number, overrides: Partial<TimelineEvent>): TimelineEvent {
  return anEvent({ seq, at: new Date(Date.parse('2026-11-29T08:00:00Z') + seq * 60_000).toISOString(), ...overrides });
}

const note = (seq: number, text: string) => at(seq, { kind: 'note', author: 'bob', payload: { text } });

function renderSection(items: TimelineEvent[], notes: DashboardNote[] = []) {
  render(
    <TimelineSection
      incidentId="INC-2026-11-29-001"
      events={{ data: { items }, loading: false, reload: jest.fn() }}
      notes={notes}
      editable
      onStale={jest.fn()}
    />
  );
  return screen.getByRole('region', { name: 'Timeline' });
}

const entries = (section: HTMLElement) =>
  within(within(section).getByRole('list', { name: 'Timeline' })).getAllByRole('listitem');

let user: ReturnType<typeof userWithFakeClock>;

beforeEach(() => {
  user = userWithFakeClock();
});

afterEach(() => jest.useRealTimers());

it('puts the note box above the timeline, which shows the newest first, dashboard notes among the events', () => {
  const section = renderSection(
    [at(1, {}), note(3, 'Rolling back'), at(5, { kind: 'status_update', payload: { subject: 'Degraded', body: 'x' } })],
    [{ id: 7, at: '2026-11-29T08:04:00Z', author: 'carol', text: 'Spike on the dashboard' }]
  );
  const noteBox = within(section).getByRole('form', { name: 'Add note' });
  const list = within(section).getByRole('list', { name: 'Timeline' });
  // The note box comes before the list in the page's order.
  expect(noteBox.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  expect(entries(section).map((li) => li.textContent)).toEqual([
    expect.stringContaining('posted a status update'),
    expect.stringContaining('Spike on the dashboard'),
    expect.stringContaining('Rolling back'),
    expect.stringContaining('declared the incident'),
  ]);
});

it('filters by kind, with each filter’s count', async () => {
  const section = renderSection(
    [
      at(1, {}),
      note(2, 'Looking at the pool'),
      at(3, { kind: 'status_update', payload: { subject: 'Degraded', body: 'Payments fail' } }),
      at(4, { kind: 'escalation', payload: {} }),
      at(5, { kind: 'diagnostics_run', payload: { status: 'critical', counts: { critical: 1 } } }),
      at(6, { kind: 'notification_delivered', payload: {} }),
      at(7, { kind: 'notification_failed', payload: {} }),
    ],
    [{ id: 9, at: '2026-11-29T08:02:30Z', author: 'carol', text: 'From the dashboard' }]
  );
  const filters = within(section).getByRole('radiogroup', { name: 'Show on the timeline' });
  expect(within(filters).getByRole('radio', { name: 'All (8)' })).toBeChecked();
  expect(within(filters).getByRole('radio', { name: 'Deliveries (2)' })).toBeInTheDocument();
  expect(within(filters).getByRole('radio', { name: 'Escalations (1)' })).toBeInTheDocument();
  expect(within(filters).getByRole('radio', { name: 'Diagnostics (1)' })).toBeInTheDocument();

  await user.click(within(filters).getByRole('radio', { name: 'Status updates (1)' }));
  expect(entries(section)).toHaveLength(1);
  expect(entries(section)[0]).toHaveTextContent('Payments fail');

  await user.click(within(filters).getByRole('radio', { name: 'Notes (2)' }));
  expect(entries(section).map((li) => li.textContent)).toEqual([
    expect.stringContaining('From the dashboard'),
    expect.stringContaining('Looking at the pool'),
  ]);
});

it('shows the newest 20 and pages further on request', async () => {
  const section = renderSection(Array.from({ length: 45 }, (_, i) => note(i + 1, `Note ${i + 1}`)));
  expect(entries(section)).toHaveLength(20);
  expect(entries(section)[0]).toHaveTextContent('Note 45');
  expect(within(section).getByText('20 of 45 shown')).toBeInTheDocument();

  await user.click(within(section).getByRole('button', { name: 'Show 20 more' }));
  expect(entries(section)).toHaveLength(40);
  await user.click(within(section).getByRole('button', { name: 'Show 5 more' }));
  expect(entries(section)).toHaveLength(45);
  expect(entries(section)[44]).toHaveTextContent('Note 1');
  expect(within(section).queryByRole('button', { name: /more$/ })).not.toBeInTheDocument();
});

it('says when a filter has nothing to show', async () => {
  const section = renderSection([at(1, {})]);
  await user.click(within(section).getByRole('radio', { name: 'Escalations (0)' }));
  expect(within(section).getByText('No escalations yet.')).toBeInTheDocument();
});

it('shows a status update with its subject in bold and its body with its line breaks', () => {
  const section = renderSection([
    at(1, {}),
    at(2, {
      kind: 'status_update',
      author: 'editor',
      payload: {
        templateId: 'status-investigating',
        subject: 'Checkout degraded',
        body: 'Some payments fail.\nNext update at 09:30.',
      },
    }),
  ]);
  const subjectLine = within(section).getByText('Checkout degraded');
  expect(subjectLine.tagName).toBe('STRONG');
  expect(subjectLine.closest('li')).toHaveTextContent('editor posted a status update');
  // The body keeps its line breaks (rendered with white-space: pre-wrap).
  expect(subjectLine.parentElement?.textContent).toContain('Some payments fail.\nNext update at 09:30.');
});
