import type { FieldError, Policy } from '../api/types';

// Go's time.ParseDuration text, which the back end reads policy durations with: "15m", "2h", "1h30m", "0s".
const GO_DURATION = /^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$/;

export function isDuration(text: string): boolean {
  return GO_DURATION.test(text.trim());
}

const MESSAGE = 'must be a duration such as 15m or 2h';

/**
 * The durations of `policy` the back end could not even read, with the paths
 * it would use: a bad duration fails JSON decoding there, which names no field.
 */
export function durationErrors(policy: Policy): FieldError[] {
  const errors: FieldError[] = [];
  const check = (path: string, value: string | undefined, required: boolean) => {
    if (value === undefined || (!required && value.trim() === '')) {
      return;
    }
    if (!isDuration(value)) {
      errors.push({ path, message: MESSAGE });
    }
  };
  check('postmortemDue', policy.postmortemDue, true);
  policy.levels.forEach((level, i) => {
    check(`levels[${i}].respondWithin`, level.respondWithin, true);
    check(`levels[${i}].resolveWithin`, level.resolveWithin, false);
    check(`levels[${i}].updateEvery`, level.updateEvery, false);
    level.tiers.forEach((tier, j) => check(`levels[${i}].tiers[${j}].after`, tier.after, true));
  });
  policy.rules.forEach((rule, i) => check(`rules[${i}].persistsFor`, rule.persistsFor, true));
  if (policy.paging?.repeatUntilAcknowledged) {
    check('paging.repeatAfter', policy.paging.repeatAfter, true);
  }
  return errors;
}
