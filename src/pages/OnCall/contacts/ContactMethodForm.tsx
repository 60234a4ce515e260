import React, { type FormEvent, useState } from 'react';
import { Alert, Button, Field, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import type { ApiError } from '../../../api/errors';
import type { ContactMethodRequest, ContactMethodView } from '../../../api/types';
import { errorAt, FieldErrorList } from '../../../components/AppConfig/shared/fieldErrors';
import { type Kind, kindOf, KINDS } from './kinds';

interface Props {
  /** The method being edited; undefined for a new one. */
  method?: ContactMethodView;
  position: number;
  saving: boolean;
  error?: ApiError;
  onSave: (req: ContactMethodRequest) => void;
  onCancel: () => void;
}

/**
 * Adds or edits one contact method. A stored URL or token is never sent back to the browser: the
 * form says it is stored, and only when "Replace" is chosen asks for new ones (blank keeps them).
 */
export function ContactMethodForm({ method, position, saving, error, onSave, onCancel }: Props) {
  const [kind, setKind] = useState<Kind>(method?.kind ?? 'email');
  const [address, setAddress] = useState(method?.address ?? '');
  const [userId, setUserId] = useState(method?.userId ?? '');
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const stored = !!method?.hasSecret && method.kind === kind;
  const [replacing, setReplacing] = useState(false);
  const spec = kindOf(kind);
  const fields = error?.fields ?? [];
  const state = (path: string) => ({ invalid: !!errorAt(fields, path), error: errorAt(fields, path) });
  const askSecret = !stored || replacing;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const req: ContactMethodRequest = { kind, position };
    if (spec.address) {
      req.address = address.trim();
    }
    if (spec.userId) {
      req.userId = userId.trim();
    }
    // Left out, the back end keeps what it stored.
    if (spec.url && askSecret && url.trim()) {
      req.url = url.trim();
      if (spec.token && token) {
        req.token = token;
      }
    }
    onSave(req);
  };

  return (
    <form aria-label={method ? `Edit contact method ${method.id}` : 'New contact method'} onSubmit={onSubmit}>
      <Field label="Kind">
        <RadioButtonGroup id="contact-kind" options={KINDS} value={kind} disabled={!!method} onChange={setKind} />
      </Field>
      {spec.address && (
        <Field label={spec.address} {...state('address')}>
          <Input
            id="contact-address"
            type="email"
            width={40}
            value={address}
            onChange={(e) => setAddress(e.currentTarget.value)}
          />
        </Field>
      )}
      {spec.userId && (
        <Field label={spec.userId} description="In Slack: profile → ⋮ → Copy member ID (U…)." {...state('userId')}>
          <Input id="contact-user-id" width={30} value={userId} onChange={(e) => setUserId(e.currentTarget.value)} />
        </Field>
      )}
      {spec.url && !askSecret && (
        <Field label={spec.token ? `${spec.url} and ${spec.token.label.toLowerCase()}` : spec.url}>
          <Stack gap={1} alignItems="center">
            <span>Stored (never shown).</span>
            <Button size="sm" variant="secondary" onClick={() => setReplacing(true)}>
              Replace
            </Button>
          </Stack>
        </Field>
      )}
      {spec.url && askSecret && (
        <>
          <Field
            label={spec.url}
            description={stored ? 'Leave blank to keep the stored one.' : 'Kept sealed: it is not shown again.'}
            {...state('url')}
          >
            <Input
              id="contact-url"
              width={60}
              autoComplete="off"
              placeholder={stored ? 'stored' : 'https://'}
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
            />
          </Field>
          {spec.token && (
            <Field
              label={`${spec.token.label}${spec.token.optional ? ' (optional)' : ''}`}
              description="Sent with the URL; to change it, enter the URL too."
              {...state('token')}
            >
              <Input
                id="contact-token"
                type="password"
                width={40}
                autoComplete="new-password"
                placeholder={stored ? 'stored' : ''}
                value={token}
                onChange={(e) => setToken(e.currentTarget.value)}
              />
            </Field>
          )}
        </>
      )}
      {error && (
        <Alert severity="error" title="The contact method was not saved">
          {error.message}
          <FieldErrorList fields={fields} whole="(method)" />
        </Alert>
      )}
      <Stack gap={1}>
        <Button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save contact method'}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </Stack>
    </form>
  );
}
