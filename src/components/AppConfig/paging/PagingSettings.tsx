import React from 'react';
import { Field, FieldSet, RadioButtonGroup } from '@grafana/ui';

import { fieldState } from '../shared/fieldErrors';
import type { SectionProps } from '../shared/section';
import { SecretField } from '../shared/SecretField';
import { secretFieldProps } from '../shared/secrets';
import { TextField } from '../shared/TextField';
import type { PagingForm, SmtpTls } from './pagingSection';

const TLS_OPTIONS: Array<{ label: string; value: SmtpTls; description: string }> = [
  { label: 'STARTTLS', value: 'starttls', description: 'Upgrade to TLS after connecting (usually port 587)' },
  { label: 'TLS', value: 'tls', description: 'TLS from the start (usually port 465)' },
  { label: 'None', value: 'none', description: 'Plain text: only for a relay on a trusted network' },
];

/** The mail relay email pages go through, and the Slack bot that sends pages as direct messages. */
export function PagingSettings({ form, onChange, errors }: SectionProps<PagingForm>) {
  const secrets = (key: 'smtpPassword' | 'slackBotToken') =>
    secretFieldProps(form.secrets, key, (s) => onChange({ secrets: s }));
  return (
    <>
      <FieldSet label="Email (SMTP relay)">
        <TextField
          id="warroom-smtp-host"
          label="SMTP host"
          description="Leave empty to send no email pages."
          placeholder="smtp.example.com"
          width={40}
          value={form.host}
          onChange={(host) => onChange({ host })}
          {...fieldState(errors, 'paging.smtp.host')}
        />
        <TextField
          id="warroom-smtp-port"
          label="SMTP port"
          description="Empty: 25, 587 or 465 by the TLS mode."
          width={12}
          value={form.port}
          onChange={(port) => onChange({ port })}
          {...fieldState(errors, 'paging.smtp.port')}
        />
        <Field label="TLS" {...fieldState(errors, 'paging.smtp.tls')}>
          <RadioButtonGroup
            id="warroom-smtp-tls"
            options={TLS_OPTIONS}
            value={form.tls}
            onChange={(tls) => onChange({ tls })}
          />
        </Field>
        <TextField
          id="warroom-smtp-username"
          label="SMTP username"
          description="Empty when the relay needs no login."
          width={40}
          value={form.username}
          onChange={(username) => onChange({ username })}
          {...fieldState(errors, 'paging.smtp.username')}
        />
        <SecretField id="warroom-smtp-password" label="SMTP password" width={40} {...secrets('smtpPassword')} />
        <TextField
          id="warroom-smtp-from"
          label="From address"
          placeholder="Warroom <warroom@example.com>"
          width={40}
          value={form.from}
          onChange={(from) => onChange({ from })}
          {...fieldState(errors, 'paging.smtp.from')}
        />
      </FieldSet>
      <FieldSet label="Slack">
        <SecretField
          id="warroom-slack-bot-token"
          label="Slack bot token"
          description="A bot token (xoxb-…) with chat:write, for pages sent as direct messages."
          width={60}
          {...secrets('slackBotToken')}
        />
      </FieldSet>
    </>
  );
}
