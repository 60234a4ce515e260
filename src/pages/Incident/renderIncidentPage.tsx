import React from 'react';

import { getIncident } from '../../api/client';
import { resetFakeApi, signedInAs } from '../../testing/fakeApi';
import { anIncident } from '../../testing/fixtures';
import { renderAt } from '../../testing/render';
import { userWithFakeClock } from '../../testing/user';
import IncidentPage from './IncidentPage';

/** The incident the fake API answers with (testing/fixtures.ts anIncident). */
export const INCIDENT_ID = 'INC-2026-11-29-001';

/** For tests: the incident page at its route, as the app mounts it. */
export const renderIncidentPage = () =>
  renderAt(`/a/warroom-incident-app/incidents/${INCIDENT_ID}`, {
    '/a/warroom-incident-app/incidents/:id': <IncidentPage />,
  });

/**
 * For tests, in beforeEach (the test file mocks the client with testing/fakeApi): the fake API's
 * defaults, an Editor, the incident at version 4, and a user on a fake clock — the page polls every
 * few seconds, so on a fake clock it polls only when a test waits.
 */
export function setUpIncidentPage(): ReturnType<typeof userWithFakeClock> {
  resetFakeApi();
  const user = userWithFakeClock();
  signedInAs('Editor');
  jest.mocked(getIncident).mockResolvedValue(anIncident({ version: 4 }));
  return user;
}
