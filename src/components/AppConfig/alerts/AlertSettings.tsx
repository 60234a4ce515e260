import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { config } from '@grafana/runtime';
import { FieldSet, useStyles2 } from '@grafana/ui';

import { PLUGIN_ID } from '../../../constants';
import { fieldState } from '../shared/fieldErrors';
import type { SectionProps } from '../shared/section';
import { SecretField } from '../shared/SecretField';
import { TextField } from '../shared/TextField';
import type { AlertsForm } from './alertsSection';

/** Grafana alerts into incidents (the webhook contact point), and how often open incidents are re-checked. */
export function AlertSettings({ form, onChange, errors }: SectionProps<AlertsForm>) {
  const s = useStyles2(getStyles);
  const grafana = config.appUrl ? config.appUrl.replace(/\/+$/, '') : '<grafana>';

  return (
    <FieldSet>
      <p>To open and update incidents from Grafana alerts, add a contact point of type Webhook:</p>
      <ul className={s.steps}>
        <li>
          URL <code>{`${grafana}/api/plugins/${PLUGIN_ID}/resources/alerts/webhook`}</code>
        </li>
        <li>
          Authorization header <code>Bearer &lt;token&gt;</code>, with the token of a service account with the Editor
          role
        </li>
        <li>
          HMAC secret: the value below; HMAC header <code>X-Warroom-Signature</code>, timestamp header{' '}
          <code>X-Warroom-Timestamp</code>
        </li>
      </ul>
      <SecretField
        id="warroom-alert-webhook-secret"
        label="Webhook HMAC secret"
        description="When set, alerts without a valid signature are refused."
        secret={form.secrets.alertWebhookSecret}
        onChange={(alertWebhookSecret) => onChange({ secrets: { alertWebhookSecret } })}
      />
      <TextField
        id="warroom-reevaluate-every"
        label="Re-evaluate open incidents every"
        description="How often open incidents are checked against their metrics; off disables it."
        width={12}
        value={form.reevaluateEvery}
        placeholder="1m"
        onChange={(reevaluateEvery) => onChange({ reevaluateEvery })}
        {...fieldState(errors, 'reevaluateEvery')}
      />
    </FieldSet>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  steps: css({
    margin: theme.spacing(0, 0, 2, 2),
    code: {
      wordBreak: 'break-all',
    },
  }),
});
