import { lastDays } from './range';

// jest.config.js runs the tests in UTC: local midnight is 00:00Z.
describe('lastDays', () => {
  it('covers whole days, today included, up to the next midnight', () => {
    expect(lastDays(30, new Date('2026-12-06T06:30:00Z'))).toEqual({
      from: '2026-11-07T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
    });
  });

  it('is the same query all day', () => {
    expect(lastDays(90, new Date('2026-12-06T00:00:00Z'))).toEqual(lastDays(90, new Date('2026-12-06T23:59:59Z')));
  });

  it('crosses a year', () => {
    expect(lastDays(365, new Date('2026-12-06T12:00:00Z')).from).toBe('2025-12-07T00:00:00.000Z');
  });
});
