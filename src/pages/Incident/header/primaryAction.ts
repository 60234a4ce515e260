import type { Incident } from '../../../api/types';

/** The one primary action of the incident page, following the lifecycle. */
export type PrimaryAction = 'acknowledge' | 'post-update' | 'resolve' | 'postmortem';

/**
 * Not acknowledged: Acknowledge; acknowledged and still investigating or identified: Post update;
 * Monitoring: Resolve; Resolved: the post-mortem.
 */
export function primaryAction(incident: Incident): PrimaryAction {
  if (incident.status === 'resolved') {
    return 'postmortem';
  }
  if (!incident.details.steps?.acknowledge) {
    return 'acknowledge';
  }
  return incident.status === 'monitoring' ? 'resolve' : 'post-update';
}
