import React from 'react';

import type { ConfigSection } from '../shared/section';
import {
  type ChannelForm,
  channelSecretUpdate,
  channelsFrom,
  missingChannelSecrets,
  notificationsJsonData,
} from './NotificationsForm';
import { NotificationsSettings } from './NotificationsSettings';

export interface NotificationsForm {
  channels: ChannelForm[];
}

/** Where escalations, update reminders and status updates are sent; URLs and HMAC keys are secrets. */
export const notificationsSection: ConfigSection<NotificationsForm> = {
  key: 'notifications',
  title: 'Notification channels',
  status: [{ key: 'notifications' }],
  owns: ['notifications'],
  fromSettings: (jsonData, stored) => ({ channels: channelsFrom(jsonData?.notifications, stored) }),
  validate: ({ channels }) => {
    const missing = missingChannelSecrets(channels);
    return missing.length > 0 ? { message: 'A notification channel is missing a secret.', fields: missing } : undefined;
  },
  toSettings: ({ channels }, stored) => ({
    jsonData: { notifications: notificationsJsonData(channels) },
    secureJsonData: channelSecretUpdate(stored, channels),
  }),
  render: (props) => <NotificationsSettings {...props} />,
};
