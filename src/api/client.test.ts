import { of, throwError } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

import {
  addNote,
  declareIncident,
  getIncident,
  getMessage,
  getPolicy,
  getPostmortem,
  incidentListQuery,
  listEvents,
  listEventsPage,
  listIncidents,
  listTemplates,
  postStatusUpdate,
  savePolicy,
  savePostmortem,
  updateAppSettings,
  updateIncident,
} from './client';
import { ApiError, isConflict, isIncidentResolved, staleCode } from './errors';
import { ERROR_STATUS, type ErrorCode } from './generated/errors';
import serverErrors from './testdata/server-errors.json';
import { aPolicy, aPostmortemDoc } from '../testing/fixtures';

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

  it('reads the timeline page by page until the server has no more', async () => {
    const event = (seq: number) => ({ seq, kind: 'note', author: 'ada', at: '2026-03-14T09:00:00Z', payload: {} });
    fetch
      .mockReturnValueOnce(of({ status: 200, data: { items: [event(8), event(9)], hasMore: true, nextAfter: 9 } }))
      .mockReturnValueOnce(of({ status: 200, data: { items: [event(10), event(11)], hasMore: true, nextAfter: 11 } }))
      .mockReturnValueOnce(of({ status: 200, data: { items: [event(12)], hasMore: false } }));
    const list = await listEvents('INC-1', 7);
    expect(list.items.map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
    expect(fetch.mock.calls.map((c) => c[0].url)).toEqual([
      `${BASE}/incidents/INC-1/events?after=7`,
      `${BASE}/incidents/INC-1/events?after=9`,
      `${BASE}/incidents/INC-1/events?after=11`,
    ]);
  });

  it('stops when a page does not move forward instead of asking for it again', async () => {
    respond({ items: [], hasMore: true, nextAfter: 3 });
    await expect(listEvents('INC-1', 3)).resolves.toEqual({ items: [] });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('asks for one page with after and limit', async () => {
    respond({ items: [], hasMore: false });
    await listEventsPage('INC-1', 0, 50);
    expect(fetch.mock.calls[0][0].url).toBe(`${BASE}/incidents/INC-1/events?after=0&limit=50`);
    await listEventsPage('INC-1');
    expect(fetch.mock.calls[1][0].url).toBe(`${BASE}/incidents/INC-1/events`);
  });

  it('calls the incident-core routes of the contract', async () => {
    respond({});
    const calls: Array<[() => Promise<unknown>, string, string, unknown]> = [
      [() => getMessage('INC-1', 'status/x'), 'GET', '/incidents/INC-1/messages/status%2Fx', undefined],
      [
        () => postStatusUpdate('INC-1', { templateId: 't', subject: 's', body: 'b' }),
        'POST',
        '/incidents/INC-1/updates',
        { templateId: 't', subject: 's', body: 'b' },
      ],
      [() => getPostmortem('INC-1'), 'GET', '/incidents/INC-1/postmortem', undefined],
      [
        () => savePostmortem('INC-1', { version: 7, doc: aPostmortemDoc() }),
        'PUT',
        '/incidents/INC-1/postmortem',
        { version: 7, doc: aPostmortemDoc() },
      ],
      [() => listTemplates(), 'GET', '/templates', undefined],
      [() => getPolicy(), 'GET', '/policy', undefined],
      [() => savePolicy(aPolicy()), 'PUT', '/policy', aPolicy()],
      [
        () => updateIncident('INC-1', { version: 2, completeSteps: ['acknowledge'], checklist: { ticket: true } }),
        'PATCH',
        '/incidents/INC-1',
        { version: 2, completeSteps: ['acknowledge'], checklist: { ticket: true } },
      ],
    ];
    for (const [i, [run, method, path, data]] of calls.entries()) {
      await run();
      expect(fetch.mock.calls[i][0]).toEqual({ method, url: `${BASE}${path}`, data, showErrorAlert: false });
    }
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

/** Real answers of the Go server (pkg/plugin TestServerErrorAnswers writes them). */
const answers: ServerAnswer[] = serverErrors;
interface ServerAnswer {
  name: string;
  status: number;
  body: { error: { code: string; message: string; fields?: Array<{ path: string; message: string }> } };
}
function answer(name: string): ServerAnswer {
  const a = answers.find((x) => x.name === name);
  if (!a) {
    throw new Error(`no ${name} answer in testdata/server-errors.json`);
  }
  return a;
}

describe('errors', () => {
  it('parses the stable error shape, fields included, into ApiError', async () => {
    const { status, body } = answer('invalid_request');
    fail(status, body);
    const err = await declareIncident({ title: '', severity: 'P1', services: [''] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'invalid_request', message: body.error.message });
    expect(err.fields).toEqual(body.error.fields);
    expect(err.fieldMessages('services')).toEqual(['must not be empty']);
  });

  it('reports a stale version as conflict', async () => {
    const { status, body } = answer('conflict');
    fail(status, body);
    await expect(updateIncident('INC-1', { version: 1, status: 'resolved' })).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      fields: [],
    });
  });

  it('recognises the two 409s: a stale version and a resolved incident', async () => {
    fail(answer('incident_resolved').status, answer('incident_resolved').body);
    const resolved = await updateIncident('INC-1', { version: 1, title: 'x' }).catch((e) => e);
    expect(resolved).toMatchObject({ status: 409, code: 'incident_resolved' });
    expect([isIncidentResolved(resolved), isConflict(resolved), staleCode(resolved)]).toEqual([
      true,
      false,
      'incident_resolved',
    ]);

    fail(answer('conflict').status, answer('conflict').body);
    const conflict = await updateIncident('INC-1', { version: 1, title: 'x' }).catch((e) => e);
    expect([isIncidentResolved(conflict), isConflict(conflict), staleCode(conflict)]).toEqual([
      false,
      true,
      'conflict',
    ]);
    fail(answer('invalid_request').status, answer('invalid_request').body);
    expect(staleCode(await getIncident('INC-1').catch((e) => e))).toBeUndefined();
    expect(staleCode(new Error('x'))).toBeUndefined();
  });

  it.each(answers.map((a) => [a.status, a.name, a] as const))(
    'shows the server’s message for %i %s instead of the bare status',
    async (status, code, { body }) => {
      expect(ERROR_STATUS[code as ErrorCode]).toBe(status);
      fail(status, body);
      await expect(getIncident('INC-1')).rejects.toMatchObject({ status, code, message: body.error.message });
    }
  );

  it('finds field messages by exact path', () => {
    const err = new ApiError(400, 'invalid_request', 'bad', [
      { path: 'actionItems[0].owner', message: 'needs an owner' },
      { path: 'actionItems[1].owner', message: 'other' },
    ]);
    expect(err.messagesAt('actionItems[0].owner')).toEqual(['needs an owner']);
    expect(err.messagesAt('actionItems')).toEqual([]);
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
