import React from 'react';
import { Field, Input, Stack, Switch } from '@grafana/ui';

import type { PolicyPagingRules } from '../../../api/types';

interface Props {
  paging: PolicyPagingRules;
  onChange: (paging: PolicyPagingRules) => void;
  errorAt: (path: string) => string | undefined;
}

/** What the tier ladder does when nobody acknowledges: page again from tier 1, a bounded number of times. */
export function PagingRulesFields({ paging, onChange, errorAt }: Props) {
  const repeat = paging.repeatUntilAcknowledged;
  return (
    <Stack gap={2} wrap="wrap" alignItems="flex-start">
      <Field
        label="Repeat until acknowledged"
        description="After the last tier, page again from the first tier."
        invalid={!!errorAt('paging.repeatUntilAcknowledged')}
        error={errorAt('paging.repeatUntilAcknowledged')}
      >
        <Switch
          id="policy-paging-repeat"
          value={repeat}
          onChange={() => onChange({ ...paging, repeatUntilAcknowledged: !repeat })}
        />
      </Field>
      <Field
        label="Repeat after"
        description="Time after the last tier, e.g. 15m."
        invalid={!!errorAt('paging.repeatAfter')}
        error={errorAt('paging.repeatAfter')}
      >
        <Input
          id="policy-paging-repeat-after"
          width={12}
          disabled={!repeat}
          value={paging.repeatAfter}
          onChange={(e) => onChange({ ...paging, repeatAfter: e.currentTarget.value })}
        />
      </Field>
      <Field
        label="At most (times)"
        description="Rounds of paging after the first, 1 to 10."
        invalid={!!errorAt('paging.maxRepeats')}
        error={errorAt('paging.maxRepeats')}
      >
        <Input
          id="policy-paging-max-repeats"
          type="number"
          min={1}
          max={10}
          width={12}
          disabled={!repeat}
          value={String(paging.maxRepeats)}
          onChange={(e) => onChange({ ...paging, maxRepeats: Number(e.currentTarget.value) })}
        />
      </Field>
    </Stack>
  );
}
