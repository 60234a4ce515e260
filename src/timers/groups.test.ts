import type { Timer } from '../api/types';
import { breaches, groupByDue, mostUrgent } from './groups';

const at = (iso: string) => Date.parse(iso);
const t = (
  kind: Timer['kind'],
  label: string,
  due: string | undefined,
  state: Timer['state'],
  extra: Partial<Timer> = {}
) => ({ kind, label, due, state, ...extra }) as Timer;

const respond = t('respond', 'Respond by', '2026-11-29T10:15:00Z', 'warning');
const update = t('update', 'Next update due', '2026-11-29T10:15:00Z', 'ok');
const resolve = t('resolve', 'Resolve by', '2026-11-29T18:00:00Z', 'ok');
const postmortem = t('postmortem', 'Post-mortem due', '2026-11-29T10:15:00Z', 'stopped');

it('merges running timers due at the same moment into one group, in order, and leaves the rest alone', () => {
  const groups = groupByDue([respond, resolve, update, postmortem]);
  expect(groups.map((g) => g.label)).toEqual(['Respond by · Next update due', 'Resolve by', 'Post-mortem due']);
  expect(groups[0].key).toBe('respond+update');
});

it('reads a merged group by its most urgent member', () => {
  const [group] = groupByDue([update, respond]);
  expect(mostUrgent(group, at('2026-11-29T10:00:00Z'))).toBe(respond);
});

it('lists breached deadlines, longest overdue first, leaving out the last escalation tier', () => {
  const lastTier = t('escalation', 'Escalated to VP', '2026-11-29T09:00:00Z', 'breached', {
    detail: 'every tier is engaged',
  });
  const overdueUpdate = t('update', 'Next update due', '2026-11-29T10:10:00Z', 'breached');
  const list = breaches([respond, resolve, lastTier, overdueUpdate], at('2026-11-29T10:16:00Z'));
  expect(list.map((b) => [b.group.label, b.overdueMs])).toEqual([
    ['Next update due', 6 * 60_000],
    ['Respond by', 60_000],
  ]);
  expect(breaches([respond, resolve], at('2026-11-29T10:14:59Z'))).toEqual([]);
});
