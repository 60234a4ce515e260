import React from 'react';

import { renderAt } from '../../testing/render';
import IncidentPage from './IncidentPage';

/** The incident the fake API answers with (testing/fixtures.ts anIncident). */
export const INCIDENT_ID = 'INC-2026-11-29-001';

/** For tests: the incident page at its route, as the app mounts it. */
export const renderIncidentPage = () =>
  renderAt(`/a/warroom-incident-app/incidents/${INCIDENT_ID}`, {
    '/a/warroom-incident-app/incidents/:id': <IncidentPage />,
  });
