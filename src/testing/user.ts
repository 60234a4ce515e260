import userEvent from '@testing-library/user-event';

/**
 * Fake timers (and a fake Date, at `now`) for one test, and a user whose clicks and typing
 * advance them. Nothing on the page then runs by the wall clock: the incident page's
 * polling, countdowns and debounces fire only when the test advances time, and Testing
 * Library's findBy/waitFor count their timeout in fake time too, so a busy machine makes a
 * test slower but never changes what it sees. Pair with `afterEach(() => jest.useRealTimers())`.
 */
export function userWithFakeClock(now: string | number = '2026-11-29T08:10:00Z') {
  jest.useFakeTimers({ now: typeof now === 'string' ? Date.parse(now) : now });
  return userEvent.setup({ advanceTimers: jest.advanceTimersByTime });
}

/**
 * Replaces a field's text with `text` in one input, as pasting does: for tests about what a
 * form does with a value, not about typing. Each key typed re-renders the whole form, which on
 * the settings page made typing most of a test's time.
 */
export async function fill(user: ReturnType<typeof userEvent.setup>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.paste(text);
}
