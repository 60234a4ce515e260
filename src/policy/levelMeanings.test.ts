import type { Policy } from '../api/types';
import { SEVERITY_MEANING } from '../incident/severity';
import { levelMeanings } from './levelMeanings';

const policy = (levels: Array<Partial<Policy['levels'][number]>>): Policy =>
  ({ version: 1, labels: 'P', levels, rules: [], postmortemDue: '48h' }) as unknown as Policy;

describe('levelMeanings', () => {
  it('reads the edited policy: its meaning and its own deadlines', () => {
    const m = levelMeanings(
      policy([
        {
          severity: 'P2',
          meaning: 'Checkout is degraded',
          respondWithin: '10m',
          resolveWithin: '4h',
          updateEvery: '20m',
          tiers: [],
        },
      ])
    );
    expect(m.P2).toBe('Checkout is degraded (respond 10m · resolve 4h · updates every 20m)');
    expect(m.P1).toBe(SEVERITY_MEANING.P1);
  });

  it('says best effort where the level has no resolve deadline, and keeps the built-in meaning when blank', () => {
    const m = levelMeanings(policy([{ severity: 'P4', meaning: ' ', respondWithin: '24h', tiers: [] }]));
    expect(m.P4).toBe(`${SEVERITY_MEANING.P4} (respond 24h · resolve best effort)`);
  });

  it('falls back to the built-in meanings without a policy', () => {
    expect(levelMeanings(undefined)).toEqual(SEVERITY_MEANING);
  });
});
