import React from 'react';

import type { Shift } from '../../../api/types';
import { ShiftTime } from './ShiftTime';

/** Who is on call now (until when); "Nobody" is an answer too: the schedule has a gap. */
export function OnNow({ shift, zone }: { shift: Shift | null; zone: string }) {
  if (!shift) {
    return <span>Nobody</span>;
  }
  return (
    <span>
      <strong>{shift.user}</strong> until <ShiftTime instant={shift.end} zone={zone} />
    </span>
  );
}

/** Who is next (from when), within the 90 days the back end looks ahead. */
export function OnNext({ shift, zone }: { shift: Shift | null; zone: string }) {
  if (!shift) {
    return <span>Nobody in the next 90 days</span>;
  }
  return (
    <span>
      <strong>{shift.user}</strong> from <ShiftTime instant={shift.start} zone={zone} />
    </span>
  );
}
