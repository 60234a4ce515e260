import React from 'react';

import { trimmed } from '../shared/compact';
import type { ConfigSection } from '../shared/section';
import { type Secret, secretsFrom, secretUpdate } from '../shared/secrets';
import { AlertSettings } from './AlertSettings';

export interface AlertsForm {
  reevaluateEvery: string;
  secrets: { alertWebhookSecret: Secret };
}

/** Grafana alerts into incidents (the webhook's HMAC secret), and how often open incidents are re-checked. */
export const alertsSection: ConfigSection<AlertsForm> = {
  key: 'alerts',
  title: 'Alert webhook',
  status: [{ key: 'alerts' }],
  owns: ['reevaluateEvery'],
  fromSettings: (jsonData, stored) => ({
    reevaluateEvery: jsonData?.reevaluateEvery ?? '',
    secrets: secretsFrom(stored, ['alertWebhookSecret']),
  }),
  toSettings: (form, stored) => ({
    jsonData: { reevaluateEvery: trimmed(form.reevaluateEvery) },
    secureJsonData: secretUpdate(stored, form.secrets),
  }),
  render: (props) => <AlertSettings {...props} />,
};
