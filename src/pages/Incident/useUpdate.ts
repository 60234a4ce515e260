import { useState } from 'react';

import { updateIncident } from '../../api/client';
import { type ApiError, type StaleCode, staleCode, toApiError } from '../../api/errors';
import type { Incident, UpdateRequest } from '../../api/types';

/** What the incident page does once a section changed the incident, or found it stale. */
export interface IncidentActions {
  /** The change was saved: reload the incident and its timeline. */
  onChanged: () => void;
  /** 409: someone else changed the incident, or it is resolved. The page reloads and says so. */
  onStale: (code: StaleCode) => void;
}

export interface Update {
  /** Sends `change` with the version the incident was loaded at; resolves true once saved. */
  send: (change: Omit<UpdateRequest, 'version'>) => Promise<boolean>;
  saving: boolean;
  /** The last failure that was not a 409 (those are handed to the page). */
  error?: ApiError;
}

/**
 * The one way the incident page's sections PATCH the incident: every change
 * carries `version`, so a concurrent edit is refused instead of overwritten.
 */
export function useUpdate(incident: Incident, actions: IncidentActions): Update {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();

  const send = async (change: Omit<UpdateRequest, 'version'>) => {
    setSaving(true);
    setError(undefined);
    try {
      await updateIncident(incident.id, { version: incident.version, ...change });
      setSaving(false);
      actions.onChanged();
      return true;
    } catch (err) {
      const apiError = toApiError(err);
      setSaving(false);
      const stale = staleCode(apiError);
      if (stale) {
        actions.onStale(stale);
      } else {
        setError(apiError);
      }
      return false;
    }
  };

  return { send, saving, error };
}

/** An error as one line: the message, then what each field said. */
export function errorText(err: ApiError): string {
  return [err.message, ...err.fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message))].join(' — ');
}
