import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Button, Checkbox, Field, FieldSet, RadioButtonGroup, Stack, useStyles2 } from '@grafana/ui';

import type { Severity } from '../../../api/types';
import { fieldState } from '../shared/fieldErrors';
import type { SectionProps } from '../shared/section';
import { SecretField } from '../shared/SecretField';
import { TextField } from '../shared/TextField';
import { CHANNEL_EVENTS, type ChannelForm, newChannel, renameChannel } from './NotificationsForm';
import type { NotificationsForm } from './notificationsSection';

const KIND_OPTIONS = [
  { label: 'Slack incoming webhook', value: 'slack' as const },
  { label: 'Signed JSON webhook', value: 'webhook' as const },
];

const SEVERITIES: Severity[] = ['P1', 'P2', 'P3', 'P4'];

function toggle<T>(list: T[], item: T): T[] {
  return list.includes(item) ? list.filter((x) => x !== item) : [...list, item];
}

/** Where escalations, update reminders and status updates are sent; URLs and HMAC keys are stored encrypted. */
export function NotificationsSettings({ form, onChange, errors }: SectionProps<NotificationsForm>) {
  const s = useStyles2(getStyles);
  const { channels } = form;
  const setChannels = (next: ChannelForm[]) => onChange({ channels: next });
  const update = (i: number, change: Partial<ChannelForm>) =>
    setChannels(channels.map((c, j) => (j === i ? { ...c, ...change } : c)));

  return (
    <FieldSet>
      <p>
        Escalations, overdue-update reminders and status updates can be sent to these channels. Each message is sent
        once, retried with backoff, and recorded on the incident timeline when delivered or given up.
      </p>
      {channels.map((c, i) => {
        const at = `notifications.channels[${i}].`;
        return (
          <div key={i} className={s.channel} data-testid={`notification-channel-${i}`}>
            <Stack gap={2} wrap="wrap">
              <TextField
                id={`warroom-channel-name-${i}`}
                label="Name"
                width={24}
                value={c.name}
                placeholder="ops"
                onChange={(name) => setChannels(channels.map((x, j) => (j === i ? renameChannel(x, name) : x)))}
                {...fieldState(errors, at + 'name')}
              />
              <Field label="Kind" {...fieldState(errors, at + 'kind')}>
                <RadioButtonGroup options={KIND_OPTIONS} value={c.kind} onChange={(kind) => update(i, { kind })} />
              </Field>
            </Stack>
            <SecretField
              id={`warroom-channel-url-${i}`}
              label="URL"
              description="The Slack incoming-webhook URL or your receiver's URL; never shown again once saved."
              placeholder="https://hooks.slack.com/services/…"
              secret={c.url}
              onChange={(url) => update(i, { url })}
            />
            {c.kind === 'webhook' && (
              <SecretField
                id={`warroom-channel-secret-${i}`}
                label="HMAC secret"
                description="Requests carry X-Warroom-Signature: sha256=HMAC(secret, timestamp + '.' + body)."
                secret={c.secret}
                onChange={(secret) => update(i, { secret })}
              />
            )}
            <Field label="Severities" description="None ticked: all." {...fieldState(errors, at + 'severities[0]')}>
              <Stack gap={2}>
                {SEVERITIES.map((sev) => (
                  <Checkbox
                    key={sev}
                    label={sev}
                    value={c.severities.includes(sev)}
                    onChange={() => update(i, { severities: toggle(c.severities, sev) })}
                  />
                ))}
              </Stack>
            </Field>
            <Field label="Messages" description="None ticked: all." {...fieldState(errors, at + 'events[0]')}>
              <Stack gap={2}>
                {CHANNEL_EVENTS.map((ev) => (
                  <Checkbox
                    key={ev.value}
                    label={ev.label}
                    value={c.events.includes(ev.value)}
                    onChange={() => update(i, { events: toggle(c.events, ev.value) })}
                  />
                ))}
              </Stack>
            </Field>
            <Button
              variant="secondary"
              icon="trash-alt"
              size="sm"
              onClick={() => setChannels(channels.filter((_, j) => j !== i))}
            >
              Remove channel
            </Button>
          </div>
        );
      })}
      <Button variant="secondary" icon="plus" onClick={() => setChannels([...channels, newChannel()])}>
        Add channel
      </Button>
    </FieldSet>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  channel: css({
    borderLeft: `2px solid ${theme.colors.border.medium}`,
    paddingLeft: theme.spacing(2),
    marginBottom: theme.spacing(3),
  }),
});
