import React from 'react';
import { useParams } from 'react-router-dom';
import { act, screen, within } from '@testing-library/react';
import { type AppPluginMeta, PluginContextProvider } from '@grafana/data';

import { type AppJsonData, declareIncident, getMe, getPolicy, suggestSeverity } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { Evaluation } from '../../api/types';
import { SEVERITY_MEANING } from '../../incident/severity';
import {
  aCorrelationResult,
  aPolicy,
  anEvaluation,
  anIncident,
  anUnavailableEvaluation,
  me,
} from '../../testing/fixtures';
import { withSizedLayout } from '../../testing/layout';
import { renderAt } from '../../testing/render';
import { setBootRole } from '../../testing/runtime';
import { userWithFakeClock } from '../../testing/user';
import DeclarePage from './DeclarePage';
import { resetFakeApi } from '../../testing/fakeApi';

jest.mock('@grafana/runtime', () => require('../../testing/runtime').runtimeMock());
jest.mock('../../api/client', () => require('../../testing/fakeApi').fakeApi());

// On a fake clock: the suggestion is asked again 400 ms after the services change, when a test says so.
let user: ReturnType<typeof userWithFakeClock>;

function IncidentStub() {
  return <p>incident page {useParams().id}</p>;
}

function renderDeclare(url: string) {
  return renderAt(url, {
    '/a/warroom-incident-app/declare': <DeclarePage />,
    '/a/warroom-incident-app/incidents/:id': <IncidentStub />,
  });
}

const FROM_PANEL =
  '/a/warroom-incident-app/declare?panelTitle=Checkout%205xx%20rate&dashboardUid=abc123&panelId=4&from=now-1h&to=now';

/** Picks `name` in the services box: a catalogued one, or typed as a custom value. */
async function addService(name: string) {
  await withSizedLayout(async () => {
    await user.click(screen.getByRole('combobox', { name: /affected services/i }));
    await user.paste(name);
    await user.click(await screen.findByRole('option', { name: new RegExp(`^${name}`) }));
  });
}

/** The × of a picked service's pill: the form shows it as picked. */
const servicePill = (name: string) => screen.queryByRole('button', { name: `Remove ${name}` });

const NO_MATCH = 'no catalogued service matches; choose affected services from the service catalog to get a suggestion';

beforeEach(() => {
  resetFakeApi();
  user = userWithFakeClock();
  setBootRole('Editor');
  jest.mocked(getMe).mockResolvedValue(me('Editor'));
  // Unless a test says otherwise the metrics suggest nothing, and the declarer chooses everything.
  jest.mocked(suggestSeverity).mockResolvedValue(anUnavailableEvaluation(NO_MATCH));
});

afterEach(() => jest.useRealTimers());

it('prefills the title from the panel and links back to it', async () => {
  await renderDeclare(FROM_PANEL);
  expect(screen.getByLabelText(/title/i)).toHaveValue('Checkout 5xx rate');
  expect(screen.getByRole('link', { name: /this dashboard panel/i })).toHaveAttribute(
    'href',
    '/d/abc123?viewPanel=4&from=now-1h&to=now'
  );
});

it('submits with Enter, sends the panel as links and its time range as labels, then opens the incident', async () => {
  jest.mocked(declareIncident).mockResolvedValue(anIncident({ id: 'INC-2026-11-29-007' }));
  await renderDeclare(FROM_PANEL);

  await user.click(screen.getByRole('radio', { name: 'P1' }));
  await addService('checkout-api');
  await user.type(screen.getByLabelText(/title/i), '{Enter}');

  expect(await screen.findByText('incident page INC-2026-11-29-007')).toBeInTheDocument();
  expect(declareIncident).toHaveBeenCalledWith({
    title: 'Checkout 5xx rate',
    severity: 'P1',
    services: ['checkout-api'],
    summary: undefined,
    links: { dashboardUid: 'abc123', panelId: 4 },
    labels: { from: 'now-1h', to: 'now' },
  });
});

it('shows what is missing without calling the back end', async () => {
  await renderDeclare('/a/warroom-incident-app/declare');
  await user.click(screen.getByRole('button', { name: /declare incident/i }));

  expect(screen.getByText('Give the incident a title')).toBeInTheDocument();
  expect(screen.getByText('Pick a severity')).toBeInTheDocument();
  expect(screen.getByText('Name at least one affected service')).toBeInTheDocument();
  expect(screen.getByLabelText(/title/i)).toHaveFocus();
  expect(declareIncident).not.toHaveBeenCalled();
});

it('refuses to declare without a severity, says so at the field and puts the focus there', async () => {
  await renderDeclare(FROM_PANEL);
  await addService('checkout-api');
  await user.click(screen.getByRole('button', { name: /declare incident/i }));

  const group = screen.getByRole('radiogroup', { name: 'Severity' });
  expect(group).toHaveAttribute('aria-required', 'true');
  expect(screen.getByText('Pick a severity')).toBeInTheDocument();
  expect(screen.getByRole('radio', { name: 'P1' })).toHaveFocus();
  expect(declareIncident).not.toHaveBeenCalled();

  // The levels are one radio group: the arrow keys move the choice.
  await user.keyboard('{ArrowDown}');
  expect(screen.getByRole('radio', { name: 'P2' })).toBeChecked();
});

it('shows each level’s meaning from the policy the Admin edited, without hovering', async () => {
  jest.mocked(getPolicy).mockResolvedValue(
    aPolicy({
      levels: [
        ...aPolicy().levels,
        {
          severity: 'P2',
          meaning: 'Checkout or payments degraded for many users',
          respondWithin: '20m',
          resolveWithin: '6h',
          updateEvery: '30m',
          notify: 'On-call and team lead',
          tiers: [{ after: '0s', who: 'On-call engineer' }],
        },
      ],
    })
  );
  await renderDeclare(FROM_PANEL);

  const meaning = 'Checkout or payments degraded for many users (respond 20m · resolve 6h · updates every 30m)';
  expect(await screen.findByText(meaning)).toBeVisible();
  expect(screen.getByRole('radio', { name: 'P2' })).toHaveAccessibleDescription(meaning);
  expect(screen.getByRole('radio', { name: 'P1' })).toHaveAccessibleDescription(
    'Full outage (respond 15m · resolve 2h · updates every 15m)'
  );
  // A level the policy leaves out keeps the built-in meaning.
  expect(screen.getByRole('radio', { name: 'P3' })).toHaveAccessibleDescription(SEVERITY_MEANING.P3);
});

it('shows the back end’s field errors on the matching fields', async () => {
  jest.mocked(declareIncident).mockRejectedValue(
    new ApiError(400, 'invalid_request', 'request body is invalid', [
      { path: 'services[0]', message: 'must be at most 100 characters' },
      { path: 'title', message: 'must not be only spaces' },
    ])
  );
  await renderDeclare(FROM_PANEL);
  await user.click(screen.getByRole('radio', { name: 'P3' }));
  await addService('x'.repeat(40));
  await user.click(screen.getByRole('button', { name: /declare incident/i }));

  expect(await screen.findByText('must be at most 100 characters')).toBeInTheDocument();
  expect(screen.getByText('must not be only spaces')).toBeInTheDocument();
  // Every problem has a field, so there is no banner on top of the form.
  expect(screen.queryByText('The incident was not declared')).not.toBeInTheDocument();
});

it('shows errors that belong to no field above the form', async () => {
  jest
    .mocked(declareIncident)
    .mockRejectedValue(new ApiError(403, 'forbidden', 'your Grafana role does not allow this'));
  await renderDeclare(FROM_PANEL);
  await user.click(screen.getByRole('radio', { name: 'P4' }));
  await addService('web');
  await user.click(screen.getByRole('button', { name: /declare incident/i }));

  expect(await screen.findByText('The incident was not declared')).toBeInTheDocument();
  expect(screen.getByText('your Grafana role does not allow this')).toBeInTheDocument();
});

it('shows viewers no form', async () => {
  setBootRole('Viewer');
  jest.mocked(getMe).mockResolvedValue(me('Viewer'));
  await renderDeclare(FROM_PANEL);

  expect(screen.getByText('Only editors can declare incidents')).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: /declare incident/i })).not.toBeInTheDocument();
});

describe('the severity suggestion', () => {
  const ERRORS_EXPR = 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[5m]))';
  const FROM_PANEL_WITH_QUERY = `${FROM_PANEL}&expr=${encodeURIComponent(ERRORS_EXPR)}`;
  const REASONS = aCorrelationResult().reasons;

  /** The request the form declared with. */
  const declared = () => jest.mocked(declareIncident).mock.calls[0][0];

  function deferred<T>() {
    let resolve!: (value: T) => void;
    const promise = new Promise<T>((r) => (resolve = r));
    return { promise, resolve };
  }

  beforeEach(() => {
    jest.mocked(declareIncident).mockResolvedValue(anIncident({ id: 'INC-2026-11-29-008' }));
  });

  it('pre-selects what the panel’s metrics justify, fills the services, and declares with that evidence', async () => {
    jest.mocked(suggestSeverity).mockResolvedValue(anEvaluation());
    await renderDeclare(FROM_PANEL_WITH_QUERY);

    expect(suggestSeverity).toHaveBeenCalledWith({
      services: undefined,
      exprs: [ERRORS_EXPR],
      labels: undefined,
      from: 'now-1h',
      to: 'now',
    });
    const box = await screen.findByRole('region', { name: 'Severity suggestion' });
    expect(box).toHaveTextContent(/^Metrics suggest P2 — error rate 7.2% over 5% for 8m/);
    // The suggestion sits in the severity field, above the levels it informs.
    expect(screen.getByRole('radiogroup', { name: 'Severity' }).parentElement).toContainElement(box);
    expect(screen.getByRole('radio', { name: 'P2' })).toBeChecked();
    // P2 is already chosen: nothing to "use".
    expect(within(box).queryByRole('button', { name: /^Use/ })).not.toBeInTheDocument();
    expect(box).toHaveTextContent('selected');
    expect(servicePill('checkout-api')).toBeInTheDocument();

    // The evidence is one click away.
    expect(within(box).queryByText(REASONS[0])).not.toBeInTheDocument();
    await user.click(within(box).getByRole('button', { name: 'Evidence' }));
    for (const reason of REASONS) {
      expect(within(box).getByText(reason)).toBeInTheDocument();
    }
    const [, errorRate, latency] = within(box).getAllByRole('row');
    expect(errorRate).toHaveTextContent('checkout-apiError rate7.2%5%8m07:52 UTC');
    expect(latency).toHaveTextContent('checkout-apip99 latency410 ms800 ms——');

    await user.click(screen.getByRole('button', { name: /declare incident/i }));

    expect(await screen.findByText('incident page INC-2026-11-29-008')).toBeInTheDocument();
    expect(declareIncident).toHaveBeenCalledWith({
      title: 'Checkout 5xx rate',
      severity: 'P2',
      services: ['checkout-api'],
      summary: undefined,
      links: { dashboardUid: 'abc123', panelId: 4 },
      labels: { from: 'now-1h', to: 'now' },
      evidence: { suggested: 'P2', reasons: REASONS },
    });
  });

  it('sends the evaluation’s onset with the evidence, for the impact start', async () => {
    jest.mocked(suggestSeverity).mockResolvedValue(anEvaluation({ onset: '2026-11-29T07:47:00Z' }));
    await renderDeclare(FROM_PANEL_WITH_QUERY);
    await screen.findByRole('region', { name: 'Severity suggestion' });

    await user.click(screen.getByRole('button', { name: /declare incident/i }));

    expect(await screen.findByText('incident page INC-2026-11-29-008')).toBeInTheDocument();
    expect(declared().evidence).toEqual({ suggested: 'P2', reasons: REASONS, onset: '2026-11-29T07:47:00Z' });
  });

  it('says why there is no suggestion, and declares with the declarer’s choice and no evidence', async () => {
    const reason = 'Prometheus is not configured: set its URL on the configuration page';
    jest.mocked(suggestSeverity).mockResolvedValue(anUnavailableEvaluation(reason));
    await renderDeclare(FROM_PANEL_WITH_QUERY);

    const box = await screen.findByRole('status', { name: 'Severity suggestion' });
    expect(box).toHaveTextContent('Suggestion unavailable');
    expect(box).toHaveTextContent(reason);
    expect(box).toHaveTextContent('You can still declare; pick the severity yourself.');
    expect(screen.getByRole('radio', { name: 'P3' })).not.toBeChecked();

    await user.click(screen.getByRole('radio', { name: 'P3' }));
    await addService('checkout-api');
    await user.click(screen.getByRole('button', { name: /declare incident/i }));

    expect(await screen.findByText('incident page INC-2026-11-29-008')).toBeInTheDocument();
    expect(declared()).toMatchObject({ severity: 'P3', services: ['checkout-api'] });
    expect(declared().evidence).toBeUndefined();
  });

  it('sends no evidence when every query failed, though the services it matched are filled in', async () => {
    jest.mocked(suggestSeverity).mockResolvedValue(
      anEvaluation({
        result: aCorrelationResult({ severity: undefined, unavailable: true, why: 'connection refused' }),
        reason: 'metrics unavailable: connection refused',
      })
    );
    await renderDeclare(FROM_PANEL_WITH_QUERY);

    const box = await screen.findByRole('status', { name: 'Severity suggestion' });
    expect(box).toHaveTextContent('metrics unavailable: connection refused');
    expect(servicePill('checkout-api')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'P1' }));
    await user.click(screen.getByRole('button', { name: /declare incident/i }));

    expect(await screen.findByText('incident page INC-2026-11-29-008')).toBeInTheDocument();
    expect(declared()).toMatchObject({ severity: 'P1', services: ['checkout-api'] });
    expect(declared().evidence).toBeUndefined();
  });

  it('when the suggestion fails, shows the error and still declares', async () => {
    jest.mocked(suggestSeverity).mockRejectedValue(new ApiError(502, 'internal', 'Prometheus did not answer in time'));
    await renderDeclare(FROM_PANEL_WITH_QUERY);

    const box = await screen.findByRole('alert', { name: 'Severity suggestion' });
    expect(box).toHaveTextContent('Suggestion unavailable');
    expect(box).toHaveTextContent(
      'Prometheus did not answer in time. You can still declare; pick the severity yourself.'
    );

    await user.click(screen.getByRole('radio', { name: 'P2' }));
    await addService('checkout-api');
    await user.click(screen.getByRole('button', { name: /declare incident/i }));

    expect(await screen.findByText('incident page INC-2026-11-29-008')).toBeInTheDocument();
    expect(declared()).toMatchObject({ severity: 'P2', services: ['checkout-api'] });
    expect(declared().evidence).toBeUndefined();
  });

  it('does not overwrite a severity the declarer picked before the suggestion came', async () => {
    const answer = deferred<Evaluation>();
    jest.mocked(suggestSeverity).mockReturnValue(answer.promise);
    await renderDeclare(FROM_PANEL_WITH_QUERY);
    expect(screen.getByText('Reading the metrics…')).toBeInTheDocument();

    await user.click(screen.getByRole('radio', { name: 'P1' }));
    await act(async () => answer.resolve(anEvaluation()));

    const box = screen.getByRole('region', { name: 'Severity suggestion' });
    expect(box).toHaveTextContent(/^Metrics suggest P2/);
    expect(screen.getByRole('radio', { name: 'P1' })).toBeChecked();
    expect(screen.getByRole('radio', { name: 'P2' })).not.toBeChecked();
    expect(within(box).getByRole('button', { name: 'Use P2' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /declare incident/i }));

    expect(await screen.findByText('incident page INC-2026-11-29-008')).toBeInTheDocument();
    // What was suggested is kept as evidence next to what was chosen.
    expect(declared()).toMatchObject({
      severity: 'P1',
      services: ['checkout-api'],
      evidence: { suggested: 'P2', reasons: REASONS },
    });
  });

  it('takes the suggested level in one click', async () => {
    const answer = deferred<Evaluation>();
    jest.mocked(suggestSeverity).mockReturnValue(answer.promise);
    await renderDeclare(FROM_PANEL_WITH_QUERY);
    await user.click(screen.getByRole('radio', { name: 'P4' }));
    await act(async () => answer.resolve(anEvaluation()));

    await user.click(screen.getByRole('button', { name: 'Use P2' }));

    expect(screen.getByRole('radio', { name: 'P2' })).toBeChecked();
    expect(screen.queryByRole('button', { name: 'Use P2' })).not.toBeInTheDocument();
  });

  it('asks again with the services once the declarer pauses changing them', async () => {
    jest
      .mocked(suggestSeverity)
      .mockResolvedValueOnce(anEvaluation())
      .mockResolvedValueOnce(
        anEvaluation({
          services: ['checkout-api', 'payments'],
          result: aCorrelationResult({ severity: 'P1', reasons: ['2 services breaching at once'] }),
        })
      );
    await renderDeclare(FROM_PANEL_WITH_QUERY);
    expect(await screen.findByRole('button', { name: 'Remove checkout-api' })).toBeInTheDocument();
    // Filling in the services the back end evaluated asks nothing more.
    await act(() => jest.advanceTimersByTimeAsync(500));
    expect(suggestSeverity).toHaveBeenCalledTimes(1);

    await addService('payments');
    await act(() => jest.advanceTimersByTimeAsync(399));
    expect(suggestSeverity).toHaveBeenCalledTimes(1);
    await act(() => jest.advanceTimersByTimeAsync(1));
    expect(suggestSeverity).toHaveBeenCalledTimes(2);

    expect(suggestSeverity).toHaveBeenLastCalledWith({
      services: ['checkout-api', 'payments'],
      exprs: [ERRORS_EXPR],
      labels: undefined,
      from: 'now-1h',
      to: 'now',
    });
    expect(await screen.findByRole('region', { name: 'Severity suggestion' })).toHaveTextContent(
      'Metrics suggest P1 — 2 services breaching at once'
    );
    // The declarer never picked a level, so the new suggestion is taken; the services stay theirs.
    expect(screen.getByRole('radio', { name: 'P1' })).toBeChecked();
    expect(servicePill('payments')).toBeInTheDocument();
  });

  it('from an alert, asks with its labels and query and links the incident to its rule', async () => {
    jest.mocked(suggestSeverity).mockResolvedValue(anEvaluation());
    const from = String(Date.parse('2026-11-29T07:30:00Z'));
    await renderDeclare(
      `/a/warroom-incident-app/declare?alertName=CheckoutErrors&panelTitle=${encodeURIComponent('Checkout 5xx above 5%')}` +
        `&ruleUid=rule-1&from=${from}&to=now&expr=${encodeURIComponent(ERRORS_EXPR)}` +
        `&label=${encodeURIComponent('service=checkout-api')}&label=${encodeURIComponent('route=/cart?id=1')}`
    );

    expect(
      screen.getByText('Opened from the alert CheckoutErrors; its labels and query are used for the suggestion.')
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/title/i)).toHaveValue('Checkout 5xx above 5%');
    expect(suggestSeverity).toHaveBeenCalledWith({
      services: undefined,
      exprs: [ERRORS_EXPR],
      labels: { service: 'checkout-api', route: '/cart?id=1' },
      from,
      to: 'now',
    });
    expect(await screen.findByRole('radio', { name: 'P2' })).toBeChecked();

    await user.click(screen.getByRole('button', { name: /declare incident/i }));

    expect(await screen.findByText('incident page INC-2026-11-29-008')).toBeInTheDocument();
    expect(declared()).toMatchObject({
      title: 'Checkout 5xx above 5%',
      severity: 'P2',
      links: { alertRuleUid: 'rule-1' },
      labels: { alertname: 'CheckoutErrors', from, to: 'now' },
    });
  });
});

/** The declare page as the app renders it: Grafana's plugin context carries the saved settings. */
function renderDeclareWith(jsonData: AppJsonData, url = FROM_PANEL) {
  const meta = { id: 'warroom-incident-app', jsonData } as unknown as AppPluginMeta<AppJsonData>;
  return renderAt(url, {
    '/a/warroom-incident-app/declare': (
      <PluginContextProvider meta={meta}>
        <DeclarePage />
      </PluginContextProvider>
    ),
  });
}

describe('the affected services', () => {
  const CATALOG: AppJsonData = {
    services: [
      { name: 'payments', selector: 'service="payments"' },
      { name: 'checkout-api', selector: 'service="checkout"' },
    ],
  };

  it('are picked from the service catalog', async () => {
    await renderDeclareWith(CATALOG);

    await withSizedLayout(async () => {
      await user.click(screen.getByRole('combobox', { name: /affected services/i }));
      const options = await screen.findAllByRole('option');
      expect(options.map((o) => o.textContent)).toEqual(['checkout-api', 'payments']);
      await user.click(screen.getByRole('option', { name: 'payments' }));
    });

    expect(servicePill('payments')).toBeInTheDocument();
    expect(servicePill('checkout-api')).not.toBeInTheDocument();
  });

  it('keep a service the alert names that the catalog does not know, beside the catalogued ones', async () => {
    jest.mocked(suggestSeverity).mockResolvedValue(anEvaluation());
    await renderDeclareWith(
      CATALOG,
      `/a/warroom-incident-app/declare?alertName=LegacyBilling&panelTitle=Billing%20down&label=${encodeURIComponent('service=legacy-billing')}`
    );

    // jsdom gives the box no width, so the pills past the first fold behind a count; the request shows both.
    expect(await screen.findByRole('button', { name: 'Remove checkout-api' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: /declare incident/i }));

    expect(declareIncident).toHaveBeenCalledWith(
      expect.objectContaining({ severity: 'P2', services: ['checkout-api', 'legacy-billing'] })
    );
  });

  it('can name a service outside the catalog', async () => {
    await renderDeclareWith(CATALOG);
    await addService('legacy-billing');

    expect(servicePill('legacy-billing')).toBeInTheDocument();
  });
});

describe('when the set-up a suggestion needs is missing', () => {
  const CATALOG = { services: [{ name: 'checkout', selector: 'service="checkout"' }] };

  beforeEach(() => {
    jest.mocked(suggestSeverity).mockResolvedValue(anUnavailableEvaluation('Prometheus is not configured'));
  });

  it('an Admin is sent to the configuration page when Prometheus is not configured', async () => {
    setBootRole('Admin');
    jest.mocked(getMe).mockResolvedValue(me('Admin'));
    await renderDeclareWith(CATALOG);

    const box = await screen.findByRole('status', { name: 'Severity suggestion' });
    expect(box).toHaveTextContent('Prometheus is not configured, so Warroom cannot read the metrics');
    expect(box).toHaveTextContent('You can still declare; pick the severity yourself.');
    expect(within(box).getByRole('link', { name: 'Configure Prometheus' })).toHaveAttribute(
      'href',
      '/plugins/warroom-incident-app'
    );
  });

  it('an Editor is told to ask a Grafana admin, with no link to a page they cannot use', async () => {
    await renderDeclareWith(CATALOG);

    const box = await screen.findByRole('status', { name: 'Severity suggestion' });
    expect(box).toHaveTextContent('Prometheus is not configured');
    expect(box).toHaveTextContent('Ask a Grafana admin to configure Prometheus on Warroom’s configuration page.');
    expect(within(box).queryByRole('link')).not.toBeInTheDocument();
  });

  it('an Admin is sent to the Services page when the catalog is empty', async () => {
    setBootRole('Admin');
    jest.mocked(getMe).mockResolvedValue(me('Admin'));
    jest.mocked(suggestSeverity).mockResolvedValue(anUnavailableEvaluation(NO_MATCH));
    await renderDeclareWith({ prometheus: { url: 'http://prometheus:9090' } });

    const box = await screen.findByRole('status', { name: 'Severity suggestion' });
    expect(box).toHaveTextContent('The service catalog is empty, so no service has metrics to evaluate.');
    expect(within(box).getByRole('link', { name: 'Add services' })).toHaveAttribute(
      'href',
      '/a/warroom-incident-app/services'
    );
  });
});
