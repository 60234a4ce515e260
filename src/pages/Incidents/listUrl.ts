// The list's filters, sort and page live in the URL, so a reload, a shared link or the back button
// shows the same triage view. Defaults are left out, so the plain list URL stays plain.
import type { Severity, SortKey, SortOrder } from '../../api/types';
import { SEVERITIES } from '../../incident/severity';
import { STATUSES } from '../../incident/status';
import { DECLARED_WINDOWS, DEFAULT_CONTROLS, type ListControls, windowStart } from './IncidentListFilters';

export interface ListView {
  controls: ListControls;
  page: number;
}

const SORT_KEYS: SortKey[] = ['created', 'updated', 'severity'];
const ORDERS: SortOrder[] = ['desc', 'asc'];

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

/** The view a URL asks for; unknown values fall back to the defaults. `now` dates the declared window. */
export function viewFromParams(params: URLSearchParams, now: number = Date.now()): ListView {
  const d = DEFAULT_CONTROLS;
  const declared = oneOf(params.get('declared'), DECLARED_WINDOWS, d.declared);
  const page = Number(params.get('page'));
  return {
    controls: {
      status: oneOf<ListControls['status']>(params.get('status'), ['active', 'all', ...STATUSES], d.status),
      severity: oneOf<'' | Severity>(params.get('severity'), SEVERITIES, d.severity),
      service: params.get('service')?.trim() ?? d.service,
      declared,
      from: windowStart(declared, now),
      sort: oneOf(params.get('sort'), SORT_KEYS, d.sort),
      order: oneOf(params.get('order'), ORDERS, d.order),
    },
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The URL query of a view: only what differs from the defaults (`from` follows from `declared`). */
export function paramsFromView({ controls, page }: ListView): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['status', 'severity', 'service', 'declared', 'sort', 'order'] as const) {
    if (controls[key] !== DEFAULT_CONTROLS[key]) {
      params.set(key, controls[key]);
    }
  }
  if (page > 1) {
    params.set('page', String(page));
  }
  return params;
}
