import { aPolicy } from '../testing/fixtures';
import { durationErrors, isDuration } from './duration';

it('accepts Go duration text and nothing else', () => {
  for (const ok of ['15m', '2h', '1h30m', '0', '0s', '1.5h', ' 24h ']) {
    expect(isDuration(ok)).toBe(true);
  }
  for (const bad of ['', '15', '2 hours', 'h', '15min', '-5m']) {
    expect(isDuration(bad)).toBe(false);
  }
});

it('names the path of each unreadable duration; empty optional ones mean "none"', () => {
  const policy = aPolicy();
  policy.levels[0].resolveWithin = '';
  policy.levels[0].tiers[1].after = 'soon';
  policy.rules[0].persistsFor = '30';
  expect(durationErrors(policy)).toEqual([
    { path: 'levels[0].tiers[1].after', message: 'must be a duration such as 15m or 2h' },
    { path: 'rules[0].persistsFor', message: 'must be a duration such as 15m or 2h' },
  ]);
});
