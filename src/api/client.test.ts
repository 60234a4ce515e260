import { of, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

import {
  addNote,
  declareIncident,
  getIncident,
  incidentListQuery,
  listEvents,
  listIncidents,
  updateAppSettings,
  updateIncident,
} from './client';
import { ApiError } from './errors';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: jest.fn(),
}));

const fetch = jest.fn();
const BASE = '/api/plugins/warroom-incident-app/resources';

beforeEach(() => {
  fetch.mockReset();
  jest.mocked(getBackendSrv).mockReturnValue({ fetch } as unknown as ReturnType<typeof getBackendSrv>);
});

function respond(data: unknown) {
  fetch.mockReturnValue(of({ data, status: 200 }));
}

function fail(status: number, data: unknown, statusText = '') {
  fetch.mockReturnValue(throwError(() => ({ status, statusText, data })));
}

describe('URL and query building', () => {
  it('leaves out empty values and joins lists with commas', () => {
    expect(incidentListQuery({})).toBe('');
    expect(
      incidentListQuery({
        status: ['investigating', 'monitoring'],
        severity: ['P1'],
        service: '  checkout api ',
        sort: 'severity',
        order: 'asc',
        limit: 25,
        offset: 50,
      })
    ).toBe(
      '?status=investigating%2Cmonitoring&severity=P1&service=checkout+api&sort=severity&order=asc&limit=25&offset=50'
    );
    expect(incidentListQuery({ status: [], service: '', offset: 0 })).toBe('?offset=0');
  });

  it('lists incidents with GET on the resources URL, without Grafana error toasts', async () => {
    respond({ items: [], total: 0 });
    await expect(listIncidents({ severity: ['P2'], limit: 10 })).resolves.toEqual({ items: [], total: 0 });
    expect(fetch).toHaveBeenCalledWith({
      method: 'GET',
      url: `${BASE}/incidents?severity=P2&limit=10`,
      data: undefined,
      showErrorAlert: false,
    });
  });

  it('escapes incident ids in paths and sends bodies with the right method', async () => {
    respond({});
    await getIncident('INC/../1');
    expect(fetch.mock.calls[0][0].url).toBe(`${BASE}/incidents/INC%2F..%2F1`);

    await updateIncident('INC-1', { version: 3, status: 'resolved', reason: 'fixed' });
    expect(fetch.mock.calls[1][0]).toMatchObject({
      method: 'PATCH',
      url: `${BASE}/incidents/INC-1`,
      data: { version: 3, status: 'resolved', reason: 'fixed' },
    });

    await addNote('INC-1', { text: 'rolled back' });
    expect(fetch.mock.calls[2][0]).toMatchObject({
      method: 'POST',
      url: `${BASE}/incidents/INC-1/events`,
      data: { text: 'rolled back' },
    });

    await listEvents('INC-1', 7);
    expect(fetch.mock.calls[3][0].url).toBe(`${BASE}/incidents/INC-1/events?after=7`);
  });

  it('posts app settings to Grafana’s settings API', async () => {
    respond({ message: 'Plugin settings updated' });
    await updateAppSettings({ enabled: true, pinned: true, jsonData: { severityLabels: 'SEV' } });
    expect(fetch.mock.calls[0][0]).toMatchObject({
      method: 'POST',
      url: '/api/plugins/warroom-incident-app/settings',
      data: { enabled: true, pinned: true, jsonData: { severityLabels: 'SEV' } },
    });
  });
});

describe('errors', () => {
  it('parses the stable error shape, fields included, into ApiError', async () => {
    fail(400, {
      error: {
        code: 'invalid_request',
        message: 'request body is invalid',
        fields: [
          { path: 'services[0]', message: 'must not be empty' },
          { path: 'title', message: 'is required' },
        ],
      },
    });
    const err = await declareIncident({ title: '', severity: 'P1', services: [''] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', message: 'request body is invalid' });
    expect(err.fields).toEqual([
      { path: 'services[0]', message: 'must not be empty' },
      { path: 'title', message: 'is required' },
    ]);
    expect(err.fieldMessages('services')).toEqual(['must not be empty']);
  });

  it('reports a stale version as conflict', async () => {
    fail(409, {
      error: { code: 'conflict', message: 'the incident changed since you loaded it; reload and try again' },
    });
    await expect(updateIncident('INC-1', { version: 1, status: 'resolved' })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      fields: [],
    });
  });

  it('keeps the status of answers that are not the error shape', async () => {
    fail(502, '<html>Bad gateway</html>', 'Bad Gateway');
    await expect(getIncident('INC-1')).rejects.toMatchObject({
      status: 502,
      code: 'unexpected_response',
      message: 'Request failed: 502 Bad Gateway',
    });

    fail(403, { message: 'Permission denied' });
    await expect(updateAppSettings({})).rejects.toMatchObject({ status: 403, message: 'Permission denied' });
  });

  it('says so when Grafana could not be reached', async () => {
    fetch.mockReturnValue(throwError(() => new TypeError('Failed to fetch')));
    await expect(getIncident('INC-1')).rejects.toMatchObject({ status: 0, code: 'unreachable' });
  });
});
