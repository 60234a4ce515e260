import type { BadgeColor } from '@grafana/ui';

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

export const STATUS_COLOR: Record<Status, BadgeColor> = {
  investigating: 'red',
  identified: 'orange',
  monitoring: 'blue',
  resolved: 'green',
};
