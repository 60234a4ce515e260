import type { Policy, Severity } from '../api/types';
import { usePolicy } from '../api/hooks';
import { SEVERITY_MEANING } from '../incident/severity';

/**
 * What each severity means and promises under `policy`, in one line a responder reads before picking
 * a level: the Admin's meaning followed by the policy's own deadlines ("respond 15m · resolve 2h ·
 * updates every 15m"). Levels the policy leaves out keep the built-in text.
 */
export function levelMeanings(policy: Policy | undefined): Record<Severity, string> {
  const meanings = { ...SEVERITY_MEANING };
  for (const level of policy?.levels ?? []) {
    const promises = [
      `respond ${level.respondWithin}`,
      `resolve ${level.resolveWithin || 'best effort'}`,
      level.updateEvery && `updates every ${level.updateEvery}`,
    ].filter(Boolean);
    meanings[level.severity] = `${level.meaning.trim() || SEVERITY_MEANING[level.severity]} (${promises.join(' · ')})`;
  }
  return meanings;
}

/**
 * The live policy's level meanings (every role may read the policy), the built-in ones while it
 * loads or when it cannot be read — so a form never waits on it.
 */
export function useLevelMeanings(): Record<Severity, string> {
  return levelMeanings(usePolicy().data);
}
