// Stand-in for GET /config/status until h/svc-api's contract (getConfigStatus in src/api/client.ts,
// ConfigStatus in src/api/types.ts) is merged: the same shapes, one place to swap.
import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

import { PLUGIN_ID } from '../../../constants';
import { toApiError } from '../../../api/errors';

export interface SectionStatus {
  key: 'storage' | 'prometheus' | 'aws' | 'postgres' | 'notifications' | 'alerts';
  state: 'connected' | 'not_configured' | 'error';
  message: string;
}

export interface ConfigStatus {
  sections: SectionStatus[];
}

export async function getConfigStatus(): Promise<ConfigStatus> {
  try {
    const url = `/api/plugins/${PLUGIN_ID}/resources/config/status`;
    const res = await lastValueFrom(getBackendSrv().fetch<ConfigStatus>({ method: 'GET', url, showErrorAlert: false }));
    return res.data;
  } catch (err) {
    throw toApiError(err);
  }
}
