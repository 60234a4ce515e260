import { updateIncident } from '../../api/client';
import type { ApiError, StaleCode } from '../../api/errors';
import { type Save, useSave } from '../../api/useSave';
import type { Incident, UpdateRequest } from '../../api/types';

/** What the incident page does once a section changed the incident, or found it stale. */
export interface IncidentActions {
  /** The change was saved: reload the incident and its timeline. */
  onChanged: () => void;
  /** 409: someone else changed the incident, or it is resolved. The page reloads and says so. */
  onStale: (code: StaleCode) => void;
}

export type Update = Save<Omit<UpdateRequest, 'version'>>;

/**
 * The one way the incident page's sections PATCH the incident: every change
 * carries `version`, so a concurrent edit is refused instead of overwritten.
 */
export function useUpdate(incident: Incident, actions: IncidentActions): Update {
  return useSave(
    (change: Omit<UpdateRequest, 'version'>) => updateIncident(incident.id, { version: incident.version, ...change }),
    {
      onSaved: actions.onChanged,
      onStale: actions.onStale,
    }
  );
}

/** An error as one line: the message, then what each field said. */
export function errorText(err: ApiError): string {
  return [err.message, ...err.fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message))].join(' — ');
}
