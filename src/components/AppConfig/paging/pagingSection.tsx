import React from 'react';

import type { PagingJsonData } from '../../../api/client';
import { compact, trimmed } from '../shared/compact';
import type { ConfigSection } from '../shared/section';
import { type Secret, secretsFrom, secretUpdate } from '../shared/secrets';
import { PagingSettings } from './PagingSettings';

export type SmtpTls = 'none' | 'starttls' | 'tls';

export interface PagingForm {
  host: string;
  /** As typed; empty means the TLS mode's usual port. */
  port: string;
  tls: SmtpTls;
  username: string;
  from: string;
  secrets: { smtpPassword: Secret; slackBotToken: Secret };
}

const SECRETS = ['smtpPassword', 'slackBotToken'] as const;

/** A port as typed: a whole number, or nothing (the mode's default). */
function portOf(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}

/** jsonData.paging as the form stands: nothing at all without a host (no relay configured). */
export function pagingJsonData(form: PagingForm): PagingJsonData | undefined {
  if (!form.host.trim()) {
    return undefined;
  }
  return {
    smtp: compact({
      host: form.host.trim(),
      port: portOf(form.port),
      tls: form.tls,
      username: trimmed(form.username),
      from: trimmed(form.from),
    }),
  };
}

/** How Warroom reaches people it pages: the org's mail relay for email, a Slack bot for direct messages. */
export const pagingSection: ConfigSection<PagingForm> = {
  key: 'paging',
  title: 'Paging',
  owns: ['paging'],
  fromSettings: (jsonData, stored) => {
    const smtp = jsonData?.paging?.smtp;
    return {
      host: smtp?.host ?? '',
      port: smtp?.port ? String(smtp.port) : '',
      tls: smtp?.tls ?? 'starttls',
      username: smtp?.username ?? '',
      from: smtp?.from ?? '',
      secrets: secretsFrom(stored, SECRETS),
    };
  },
  validate: (form) =>
    form.port.trim() !== '' && portOf(form.port) === undefined
      ? {
          message: 'The mail relay port must be a whole number.',
          fields: [{ path: 'paging.smtp.port', message: 'must be a whole number, or empty for the usual port' }],
        }
      : undefined,
  toSettings: (form, stored) => ({
    jsonData: { paging: pagingJsonData(form) },
    secureJsonData: secretUpdate(stored, form.secrets),
  }),
  render: (props) => <PagingSettings {...props} />,
};
