import React from 'react';
import { Badge } from '@grafana/ui';

import type { Status } from '../api/types';
import { STATUS_COLOR, STATUS_LABEL } from '../incident/status';

export function StatusBadge({ status }: { status: Status }) {
  return <Badge text={STATUS_LABEL[status]} color={STATUS_COLOR[status]} />;
}
