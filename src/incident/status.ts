import type { IconName } from '@grafana/data';

import type { Status } from '../api/types';

/** The lifecycle in order: Investigating → Identified → Monitoring → Resolved. */
export const STATUSES: Status[] = ['investigating', 'identified', 'monitoring', 'resolved'];

export const ACTIVE_STATUSES: Status[] = ['investigating', 'identified', 'monitoring'];

export const STATUS_LABEL: Record<Status, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

/**
 * Each status's icon. Status is neutral (no red/orange/blue): those colours mean severity, and a
 * P1 beside "Investigating" must not read as two alarms. The icon and the word carry the meaning.
 */
export const STATUS_ICON: Record<Status, IconName> = {
  investigating: 'search',
  identified: 'bug',
  monitoring: 'eye',
  resolved: 'check',
};
