import { act, renderHook } from '@testing-library/react';
import { BehaviorSubject, Subject } from 'rxjs';
import {
  LiveChannelConnectionState,
  LiveChannelEventType,
  type LiveChannelAddress,
  type LiveChannelEvent,
} from '@grafana/data';
import { setGrafanaLiveSrv, type GrafanaLiveSrv } from '@grafana/runtime';

import { getIncident, listEventsPage } from '../api/client';
import { anEvent, anIncident } from '../testing/fixtures';
import { POLL_MS, shownMark, useIncidentChanges, type IncidentMark } from './useIncidentChanges';

jest.mock('../api/client', () => require('../testing/fakeApi').fakeApi());

const ID = 'INC-2026-11-29-001';

/** The incident as the server has it; tests change it as another responder would. */
let version = 1;
let lastSeq = 1;

beforeEach(() => {
  jest.useFakeTimers();
  version = 1;
  lastSeq = 1;
  jest
    .mocked(getIncident)
    .mockReset()
    .mockImplementation(async () => anIncident({ id: ID, version }));
  jest
    .mocked(listEventsPage)
    .mockReset()
    .mockImplementation(async (_id, after = 0) => ({
      items: lastSeq > after ? [anEvent({ seq: after + 1 })] : [],
      hasMore: lastSeq > after + 1,
    }));
  setGrafanaLiveSrv(undefined as unknown as GrafanaLiveSrv);
});

afterEach(() => {
  jest.useRealTimers();
});

async function tick(ms: number) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
  });
}

/** A page that shows version/lastSeq and reloads (shows the server's state) on every change. */
function renderPage() {
  const onChange = jest.fn();
  const page = renderHook(({ shown }: { shown: IncidentMark }) => useIncidentChanges(ID, shown, onChange), {
    initialProps: { shown: { version: 1, lastSeq: 1 } },
  });
  onChange.mockImplementation(() => page.rerender({ shown: { version, lastSeq } }));
  return { ...page, onChange };
}

it('polls every 5 s where Grafana Live is unavailable and reports only real changes', async () => {
  const { onChange } = renderPage();
  await tick(0);
  expect(getIncident).not.toHaveBeenCalled();

  await tick(POLL_MS);
  expect(getIncident).toHaveBeenCalledTimes(1);
  expect(onChange).not.toHaveBeenCalled();

  lastSeq = 2; // someone added a note: the version stays, the timeline grows
  await tick(POLL_MS);
  expect(listEventsPage).toHaveBeenLastCalledWith(ID, 1, 1);
  expect(onChange).toHaveBeenCalledTimes(1);

  version = 2; // someone changed the status
  await tick(POLL_MS);
  expect(listEventsPage).toHaveBeenLastCalledWith(ID, 2, 1);
  expect(onChange).toHaveBeenCalledTimes(2);

  await tick(POLL_MS);
  expect(onChange).toHaveBeenCalledTimes(2);
});

it('does not poll before the page has loaded, nor after it went away', async () => {
  const onChange = jest.fn();
  const { rerender, unmount } = renderHook(
    ({ shown }: { shown?: IncidentMark }) => useIncidentChanges(ID, shown, onChange),
    { initialProps: {} }
  );
  await tick(POLL_MS);
  expect(getIncident).not.toHaveBeenCalled();

  rerender({ shown: { version: 1, lastSeq: 1 } });
  await tick(POLL_MS);
  expect(getIncident).toHaveBeenCalledTimes(1);

  unmount();
  await tick(3 * POLL_MS);
  expect(getIncident).toHaveBeenCalledTimes(1);
});

it('takes the mark from what the page shows', () => {
  expect(shownMark(undefined, { items: [] })).toBeUndefined();
  expect(
    shownMark(anIncident({ version: 7 }), { items: [anEvent({ seq: 3 }), anEvent({ seq: 9 }), anEvent({ seq: 4 })] })
  ).toEqual({ version: 7, lastSeq: 9 });
});

// Grafana Live needs Grafana's server; no such server can run here, so this
// fake plays the runtime's GrafanaLiveSrv: a connection state and one stream.
function fakeLive() {
  const connected = new BehaviorSubject(true);
  const stream = new Subject<LiveChannelEvent<unknown>>();
  const addresses: LiveChannelAddress[] = [];
  const live = {
    getConnectionState: () => connected.asObservable(),
    getStream: (address: LiveChannelAddress) => {
      addresses.push(address);
      return stream.asObservable();
    },
  } as unknown as GrafanaLiveSrv;
  setGrafanaLiveSrv(live);
  return { connected, stream, addresses };
}

it('refetches on each Live message of the incident channel and does not poll while connected', async () => {
  const { stream, addresses } = fakeLive();
  const { onChange } = renderPage();
  await tick(0);

  expect(addresses).toEqual([{ scope: 'plugin', stream: 'warroom-incident-app', path: `incident/${ID}` }]);
  await tick(3 * POLL_MS);
  expect(getIncident).not.toHaveBeenCalled();

  act(() => stream.next({ type: LiveChannelEventType.Message, message: { version: 2 } }));
  expect(onChange).toHaveBeenCalledTimes(1);
});

it('falls back to polling while Live is disconnected or the channel is refused', async () => {
  const { connected, stream } = fakeLive();
  const { onChange } = renderPage();
  await tick(0);

  act(() => connected.next(false));
  lastSeq = 2;
  await tick(POLL_MS);
  expect(onChange).toHaveBeenCalledTimes(1);

  act(() => connected.next(true));
  const calls = jest.mocked(getIncident).mock.calls.length;
  await tick(2 * POLL_MS);
  expect(getIncident).toHaveBeenCalledTimes(calls);

  act(() =>
    stream.next({
      type: LiveChannelEventType.Status,
      id: `plugin/warroom-incident-app/incident/${ID}`,
      timestamp: Date.now(),
      state: LiveChannelConnectionState.Invalid,
      error: new Error('subscription refused'),
    })
  );
  await tick(POLL_MS);
  expect(jest.mocked(getIncident).mock.calls.length).toBeGreaterThan(calls);
});
