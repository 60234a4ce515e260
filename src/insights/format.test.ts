import { complianceText, formatDuration, statText } from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [45.4, '45 s'],
    [59.6, '1 min'],
    [12 * 60 + 10, '12 min'],
    [59 * 60 + 40, '1 h'],
    [2 * 3600 + 5 * 60, '2 h 5 min'],
    [3 * 86400 + 4 * 3600 + 10 * 60, '3 d 4 h'],
    [2 * 86400, '2 d'],
  ])('%p s reads %p', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('statText', () => {
  it('says there is no data when no incident was measured, never 0 s', () => {
    expect(statText({ n: 0, mean: 0, median: 0, p90: 0 }, 'median')).toBe('—');
  });

  it('reads the median or the p90', () => {
    const stat = { n: 3, mean: 700, median: 600, p90: 1500 };
    expect(statText(stat, 'median')).toBe('10 min');
    expect(statText(stat, 'p90')).toBe('25 min');
  });

  it('shows an instant response as 0 s when there was one', () => {
    expect(statText({ n: 1, mean: 0, median: 0, p90: 0 }, 'median')).toBe('0 s');
  });
});

describe('complianceText', () => {
  it('counts met against judged, leaving pending incidents out', () => {
    expect(complianceText({ met: 23, breached: 2, pending: 4 })).toBe('92% (23 of 25)');
  });

  it('never rounds a breach up to 100%', () => {
    expect(complianceText({ met: 999, breached: 1, pending: 0 })).toBe('99% (999 of 1000)');
  });

  it('says there is no data when nothing was judged yet', () => {
    expect(complianceText({ met: 0, breached: 0, pending: 3 })).toBe('—');
  });
});
