import React from 'react';
import { Checkbox, Field, FieldSet, RadioButtonGroup, Stack, TextArea } from '@grafana/ui';

import type { RemediationAction } from '../../../api/client';
import { REMEDIATION_LABEL } from '../../../diagnostics/format';
import { fieldState } from '../shared/fieldErrors';
import type { SectionProps } from '../shared/section';
import { SecretField } from '../shared/SecretField';
import { secretFieldProps } from '../shared/secrets';
import { TextField } from '../shared/TextField';
import {
  type AWSAuthType,
  type DiagnosticsForm,
  postgresSecretKey,
  postgresTargets,
  REMEDIATIONS,
} from './diagnosticsForm';

const AUTH_OPTIONS: Array<{ label: string; value: AWSAuthType; description: string }> = [
  { label: 'Default chain', value: 'default', description: 'Environment, shared config, web identity, ECS/EC2 roles' },
  { label: 'Access keys', value: 'keys', description: 'An access key and secret key' },
  { label: 'Credentials profile', value: 'credentials', description: 'A profile of the shared credentials file' },
  { label: 'EC2 instance role', value: 'ec2_iam_role', description: 'The role of the instance Grafana runs on' },
];

/** AWS credentials, PostgreSQL targets, thresholds, runbook overrides and remediations of diagnostics. */
export function DiagnosticsSettings({ form, onChange, errors, settings }: SectionProps<DiagnosticsForm>) {
  const secret = (key: string) => secretFieldProps(form.secrets, key, (secrets) => onChange({ secrets }));
  const text = (key: keyof DiagnosticsForm, path: string, label: string, description: string, placeholder = '') => (
    <TextField
      id={`warroom-diag-${key}`}
      label={label}
      description={description}
      width={60}
      value={form[key] as string}
      placeholder={placeholder}
      onChange={(value) => onChange({ [key]: value })}
      {...fieldState(errors, path)}
    />
  );
  return (
    <FieldSet>
      <p>
        Read-only checks of the catalogued services from the incident page. Credentials are stored encrypted by Grafana
        and never shown again.
      </p>
      <Field label="AWS authentication" {...fieldState(errors, 'diagnostics.aws.authType')}>
        <RadioButtonGroup
          options={AUTH_OPTIONS}
          value={form.authType}
          onChange={(authType) => onChange({ authType })}
        />
      </Field>
      {form.authType === 'keys' && (
        <>
          <SecretField id="warroom-aws-access-key" label="AWS access key" {...secret('awsAccessKey')} />
          <SecretField id="warroom-aws-secret-key" label="AWS secret key" {...secret('awsSecretKey')} />
        </>
      )}
      {form.authType === 'credentials' &&
        text(
          'profile',
          'diagnostics.aws.profile',
          'Credentials profile',
          'A profile of the shared credentials file',
          'default'
        )}
      {text(
        'assumeRoleArn',
        'diagnostics.aws.assumeRoleArn',
        'Assume role ARN',
        'Optional: a read-only role to assume',
        'arn:aws:iam::123456789012:role/warroom-diagnostics'
      )}
      {form.assumeRoleArn.trim() !== '' &&
        text('externalId', 'diagnostics.aws.externalId', 'External ID', 'The external id the role requires, if any')}
      {text(
        'defaultRegion',
        'diagnostics.aws.defaultRegion',
        'Default region',
        'For services whose catalog entry names no region',
        'us-east-1'
      )}
      {text(
        'endpoint',
        'diagnostics.aws.endpoint',
        'Endpoint override',
        'Optional: a VPC endpoint or proxy for every AWS API',
        'https://'
      )}
      {postgresTargets(settings.services).map((name) => (
        <SecretField
          key={name}
          id={`warroom-postgres-target-${name}`}
          label={`PostgreSQL target "${name}" DSN`}
          description="Use a read-only role; checks run fixed SQL in read-only transactions."
          placeholder="postgres://warroom_ro:…@db:5432/orders"
          {...secret(postgresSecretKey(name))}
        />
      ))}
      {text('longQuery', 'diagnostics.postgres.longQuery', 'Long-running query after', 'Default 30s', '30s')}
      {text(
        'idleAge',
        'diagnostics.postgres.idleAge',
        'Idle session stale after',
        'Default 10m; also what terminate-idle-backends ends',
        '10m'
      )}
      <Field
        label="Runbook overrides"
        description="A JSON array of runbooks shaped like the built-in ones (pkg/runbooks/library/*.json): each replaces the built-in runbook with its id or adds one."
        {...fieldState(errors, 'diagnostics.runbooks')}
      >
        <TextArea
          id="warroom-diag-runbooks"
          rows={4}
          value={form.runbooks}
          onChange={(e) => onChange({ runbooks: e.currentTarget.value })}
        />
      </Field>
      <Field
        label="Remediations"
        description="Off by default. Enabled ones can be run by Admins from a suggested runbook, after typing the resource name."
      >
        {/* flex-start: a Checkbox is an inline grid; stretched to the column's width, its auto tracks
            share the slack and the label drifts hundreds of pixels from its box. */}
        <Stack direction="column" gap={1} alignItems="flex-start">
          {REMEDIATIONS.map((a: RemediationAction) => (
            <Checkbox
              key={a}
              label={REMEDIATION_LABEL[a]}
              value={form.remediation[a]}
              onChange={(e) => onChange({ remediation: { ...form.remediation, [a]: e.currentTarget.checked } })}
            />
          ))}
        </Stack>
      </Field>
    </FieldSet>
  );
}
