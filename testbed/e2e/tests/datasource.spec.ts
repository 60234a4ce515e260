// Grafana's data source service with a real Prometheus behind the data source proxy. run.sh starts
// Debian's Prometheus (scraping itself every second, job "prometheus") and hands its URL to the
// server as -prometheus-url. Everything below runs in the page, through the host's wiring: the
// `@grafana/runtime` module is taken from SystemJS under its shared id - the very namespace a plugin
// receives - so getDataSourceSrv() and getBackendSrv() are the services the host set at start-up
// (host-src/services/setup.ts); no test hook in the host is needed.
import { Page } from '@playwright/test';

import { expect, expectStatus, test } from './fixtures';

const PROXY = '/api/datasources/proxy/uid/prometheus';

/** Opens a page of the host and waits until the shared @grafana/runtime is registered with SystemJS. */
async function openHost(page: Page) {
  await page.goto('/a/warroom-incident-app/incidents');
  await expect(page.getByRole('main').getByRole('heading', { name: 'Incidents', level: 1 })).toBeVisible();
  await page.waitForFunction(() => Boolean((window as any).System?.has('package:@grafana/runtime')));
}

type Sample = { metric: Record<string, string>; value: [number, string] };
type QueryAnswer = { status: string; data?: { resultType: string; result: Sample[] } };

/** GET <proxy>/api/v1/query?query=up with the host's backendSrv, as the page sees the answer. */
function queryUp(page: Page) {
  return page.evaluate(async (proxy) => {
    const runtime = await (window as any).System.import('@grafana/runtime');
    try {
      const res = await runtime
        .getBackendSrv()
        .datasourceRequest({ url: `${proxy}/api/v1/query?query=up`, method: 'GET' });
      return {
        status: res.status as number,
        csp: res.headers.get('Content-Security-Policy') as string | null,
        body: res.data as QueryAnswer,
      };
    } catch (e: any) {
      return { status: e.status as number, csp: null, body: e.data as QueryAnswer };
    }
  }, PROXY);
}

const upOfPrometheus = (body: QueryAnswer) =>
  body.data?.result.filter((s) => s.metric.__name__ === 'up' && s.metric.job === 'prometheus') ?? [];

test('DataSourceSrv lists the Prometheus data source from boot data', async ({ page }) => {
  await openHost(page);
  const seen = await page.evaluate(async () => {
    const runtime = await (window as any).System.import('@grafana/runtime');
    const srv = runtime.getDataSourceSrv();
    const pick = (ds: any) =>
      ds && { uid: ds.uid, name: ds.name, type: ds.type, access: ds.access, url: ds.url, isDefault: ds.isDefault };
    const instance = await srv.get('prometheus');
    return {
      list: srv.getList().map(pick),
      prometheusOnly: srv.getList({ type: 'prometheus' }).map((ds: any) => ds.uid),
      byUid: pick(srv.getInstanceSettings('prometheus')),
      byRef: pick(srv.getInstanceSettings({ uid: 'prometheus', type: 'prometheus' })),
      byDefault: pick(srv.getInstanceSettings()),
      instanceRef: instance.getRef(),
      bootData: Object.values((window as any).grafanaBootData.settings.datasources).map(pick),
    };
  });
  const prometheus = {
    uid: 'prometheus',
    name: 'Prometheus',
    type: 'prometheus',
    access: 'proxy',
    url: PROXY,
    isDefault: true,
  };
  // The app's nested data source is provisioned too (testbed/server/incidentsds.go); boot data
  // is JSON from a Go map, so names come in sorted order.
  const incidents = {
    uid: 'warroom-incidents',
    name: 'Warroom incidents',
    type: 'warroom-incidents-datasource',
    access: 'proxy',
    isDefault: false,
  };
  expect(seen.bootData).toEqual([prometheus, incidents]);
  expect(seen.list).toEqual([prometheus, incidents]);
  expect(seen.prometheusOnly).toEqual(['prometheus']);
  expect(seen.byUid).toEqual(prometheus);
  expect(seen.byRef).toEqual(prometheus);
  expect(seen.byDefault).toEqual(prometheus);
  expect(seen.instanceRef).toEqual({ uid: 'prometheus', type: 'prometheus' });
});

test('a query through the data source proxy reaches the real Prometheus', async ({ page }) => {
  await openHost(page);
  // The first self-scrape lands about a second after Prometheus is ready.
  await expect
    .poll(async () => upOfPrometheus((await queryUp(page)).body).length, {
      timeout: 15_000,
      intervals: [250, 500, 1000],
    })
    .toBeGreaterThan(0);

  const answer = await queryUp(page);
  expect(answer.status).toBe(200);
  expect(answer.csp).toBe('sandbox'); // set by the proxy, as Grafana's ds_proxy does
  expect(answer.body.status).toBe('success');
  expect(answer.body.data?.resultType).toBe('vector');
  const up = upOfPrometheus(answer.body);
  expect(up.length).toBeGreaterThan(0);
  expect(up[0].value[1]).toBe('1');
});

test('the proxy allow-lists Prometheus routes: a query POST passes, an admin POST/PUT/DELETE is refused', async ({
  page,
}) => {
  await openHost(page);
  // Grafana's Prometheus data source queries by POST (jsonData.httpMethod "POST"); that route is allowed.
  const post = await page.evaluate(async (proxy) => {
    const runtime = await (window as any).System.import('@grafana/runtime');
    const res = await runtime.getBackendSrv().datasourceRequest({
      url: `${proxy}/api/v1/query`,
      method: 'POST',
      data: 'query=up',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    return { status: res.status as number, body: res.data as QueryAnswer };
  }, PROXY);
  expect(post.status).toBe(200);
  expect(post.body.status).toBe('success');

  // Not in the Prometheus plugin.json routes: the server answers 403 itself. (Prometheus, whose admin
  // API is disabled here, would answer an "admin APIs disabled" error; the message tells them apart.)
  const admin = /\/api\/datasources\/proxy\/uid\/prometheus\/api\/v1\/admin\/tsdb\/delete_series(\?.*)?$/;
  expectStatus(page, admin, 403);
  const refused = await page.evaluate(async (proxy) => {
    const runtime = await (window as any).System.import('@grafana/runtime');
    const out: Record<string, { status: number; data: unknown }> = {};
    for (const method of ['POST', 'PUT', 'DELETE']) {
      try {
        const res = await runtime.getBackendSrv().datasourceRequest({
          url: `${proxy}/api/v1/admin/tsdb/delete_series`,
          method,
          params: { 'match[]': 'up' },
          showErrorAlert: false,
        });
        out[method] = { status: res.status, data: res.data };
      } catch (e: any) {
        out[method] = { status: e.status, data: e.data };
      }
    }
    return out;
  }, PROXY);
  expect(refused).toEqual({
    POST: { status: 403, data: { message: 'non allow-listed POSTs not allowed on proxied Prometheus datasource' } },
    PUT: { status: 403, data: { message: 'non allow-listed PUTs not allowed on proxied Prometheus datasource' } },
    DELETE: { status: 403, data: { message: 'non allow-listed DELETEs not allowed on proxied Prometheus datasource' } },
  });

  // Nothing was deleted: the series is still there.
  expect(upOfPrometheus((await queryUp(page)).body).length).toBeGreaterThan(0);
});
