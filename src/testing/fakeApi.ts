import type * as Client from '../api/client';
import { aDiagnosticsState, aRun } from '../diagnostics/fixtures';
import {
  aFreshConfigStatus,
  aPolicy,
  aPostmortemView,
  aTemplate,
  anEvaluation,
  anEvent,
  anIncident,
  anIncidentMetrics,
  anIncidentTimers,
  me,
} from './fixtures';
import { anInsightsReport } from './insightsFixtures';
import { setBootRole } from './runtime';

type ClientModule = typeof Client;
type Fn = (...args: never[]) => unknown;

const NOW = '2026-11-29T08:10:00Z';

/**
 * What the back end answers unless a test says otherwise: one investigating incident
 * (testing/fixtures.ts) with one timeline event, a Viewer signed in, nothing new since.
 * A call with no entry here rejects, so a test sees what it forgot to answer.
 */
const DEFAULTS: { [K in keyof ClientModule]?: ClientModule[K] } = {
  getMe: async () => me('Viewer'),
  getConfigStatus: async () => aFreshConfigStatus(),
  getSchedulerStatus: async () => ({ state: 'ok', now: NOW, lastTick: NOW, ageSeconds: 1, message: 'Scheduler: ok' }),
  listIncidents: async () => ({ items: [anIncident()], total: 1 }),
  getIncident: async (id) => anIncident({ id }),
  updateIncident: async (id, req) => anIncident({ id, version: req.version + 1 }),
  declareIncident: async (req) => anIncident({ title: req.title, severity: req.severity, services: req.services }),
  listEvents: async () => ({ items: [anEvent()] }),
  listEventsPage: async () => ({ items: [], hasMore: false }),
  addNote: async (_id, req) => anEvent({ seq: 2, kind: 'note', payload: { text: req.text } }),
  postStatusUpdate: async () => anEvent({ seq: 2, kind: 'status_update' }),
  listNotificationChannels: async () => ({ items: [] }),
  getPostmortem: async () => aPostmortemView(),
  suggestSeverity: async () => anEvaluation(),
  getIncidentMetrics: async () => anIncidentMetrics(),
  getIncidentTimers: async () => anIncidentTimers(),
  listActiveTimers: async () => ({ now: NOW, items: [], total: 0 }),
  validateSettings: async () => ({ valid: true }),
  updateAppSettings: async () => ({}),
  getAppSettings: async () => ({ enabled: true, pinned: true, jsonData: {}, secureJsonFields: {} }),
  listPrometheusLabels: async () => ({ labels: [], truncated: false }),
  listPrometheusLabelValues: async (label) => ({ label, values: [], truncated: false }),
  listTemplates: async () => ({ items: [aTemplate()] }),
  getPolicy: async () => aPolicy(),
  savePolicy: async (policy) => ({ ...policy, version: policy.version + 1 }),
  getIncidentOnCall: async () => ({ severity: 'P2', acknowledged: null, tiers: [] }),
  listPeople: async () => ({ source: 'grafana', people: [] }),
  listTeams: async () => ({ available: true, teams: [] }),
  listSchedules: async () => ({ at: NOW, schedules: [] }),
  getDiagnostics: async () => aDiagnosticsState(),
  startDiagnostics: async () => aRun({ state: 'running' }),
  getDiagnosticsRun: async () => aRun(),
  getInsights: async () => anInsightsReport(),
};

function isCall(name: string, value: unknown): value is Fn {
  // The query-string builders are pure: tests get the real ones.
  return typeof value === 'function' && !name.endsWith('Query');
}

function applyDefaults(module: Record<string, unknown>) {
  for (const [name, value] of Object.entries(module)) {
    if (jest.isMockFunction(value)) {
      const answer = DEFAULTS[name as keyof ClientModule] as Fn | undefined;
      value.mockImplementation(answer ?? (async () => Promise.reject(new Error(`fake API: no answer for ${name}`))));
    }
  }
}

/**
 * Factory for `jest.mock('…/api/client', () => require('…/testing/fakeApi').fakeApi())`: the client
 * with every call a jest.fn answering from the shared fixtures; override per test with
 * jest.mocked(call).mockResolvedValue(…).
 */
export function fakeApi(): ClientModule {
  const actual: Record<string, unknown> = jest.requireActual('../api/client');
  const fake = Object.fromEntries(
    Object.entries(actual).map(([name, value]) => [name, isCall(name, value) ? jest.fn() : value])
  );
  applyDefaults(fake);
  return fake as unknown as ClientModule;
}

/** For beforeEach: resets every mock (jest.resetAllMocks) and gives the fake API its default answers back. */
export function resetFakeApi() {
  jest.resetAllMocks();
  applyDefaults(jest.requireMock('../api/client'));
}

/** Signs in `role`: Grafana's boot data for the first paint and the back end's GET /me. */
export function signedInAs(role: 'Viewer' | 'Editor' | 'Admin') {
  setBootRole(role);
  jest.mocked(jest.requireMock<ClientModule>('../api/client').getMe).mockResolvedValue(me(role));
}
