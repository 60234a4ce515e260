import type { StepName } from '../api/types';

/** The response steps in the order the runbook takes them (seed 000). */
export const STEPS: StepName[] = ['acknowledge', 'assess', 'communicate', 'mitigate', 'resolve', 'postmortem'];

export const STEP_LABEL: Record<StepName, string> = {
  acknowledge: 'Acknowledge',
  assess: 'Assess',
  communicate: 'Communicate',
  mitigate: 'Mitigate',
  resolve: 'Resolve',
  postmortem: 'Post-mortem',
};

/** A step name from an event payload, in words; unknown names are shown as sent. */
export function stepLabel(name: unknown): string {
  return typeof name === 'string' && name in STEP_LABEL ? STEP_LABEL[name as StepName] : String(name ?? '?');
}
