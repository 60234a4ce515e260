// BackendSrv over window.fetch, following Grafana's app/core/services/backend_srv.ts:
// - fetch() is an Observable of FetchResponse; get/post/put/patch/delete/request resolve to the
//   body; datasourceRequest resolves to the whole FetchResponse;
// - params are serialised with urlUtil; JSON bodies get Content-Type application/json; local API
//   calls carry X-Grafana-Org-Id;
// - a non-2xx response errors with Grafana's FetchError shape {status, statusText, data, config};
// - alerts as Grafana shows them: a warning/error toast for failed non-GET local calls (unless
//   showErrorAlert is false) and a success toast when a non-GET answer carries `message`.
import { Observable, lastValueFrom } from 'rxjs';

import { AppEvents, urlUtil } from '@grafana/data';
import { BackendSrv, BackendSrvRequest, FetchError, FetchResponse, config, getAppEvents } from '@grafana/runtime';

function urlOf(options: BackendSrvRequest): string {
  let url = options.url;
  if (!/^https?:\/\//.test(url) && !url.startsWith('/')) {
    url = `${config.appSubUrl ?? ''}/${url}`;
  }
  const params = Object.fromEntries(
    Object.entries(options.params ?? {}).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
  );
  const query = urlUtil.serializeParams(params);
  return query.length ? `${url}${url.includes('?') ? '&' : '?'}${query}` : url;
}

function isLocalUrl(url: string) {
  return !/^https?:\/\//.test(url) || url.startsWith(window.location.origin);
}

function requestInit(options: BackendSrvRequest, url: string): RequestInit {
  const headers: Record<string, string> = { Accept: 'application/json, text/plain, */*', ...options.headers };
  if (isLocalUrl(url)) {
    headers['X-Grafana-Org-Id'] = String(config.bootData.user.orgId);
  }
  let body: BodyInit | undefined;
  const data = options.data;
  if (data !== undefined && !(data instanceof FormData) && !(data instanceof Blob) && typeof data !== 'string') {
    headers['Content-Type'] = headers['Content-Type'] ?? 'application/json';
    body = JSON.stringify(data);
  } else {
    body = data;
  }
  return {
    method: options.method ?? 'GET',
    headers,
    body,
    credentials: options.credentials ?? 'same-origin',
  };
}

async function parseBody(res: Response, responseType?: BackendSrvRequest['responseType']) {
  if (responseType === 'blob') {
    return res.blob();
  }
  if (responseType === 'arraybuffer') {
    return res.arrayBuffer();
  }
  const text = await res.text();
  if (responseType === 'text' || text === '') {
    return responseType === 'text' ? text : undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function showErrorAlert(options: BackendSrvRequest, err: FetchError) {
  const method = (options.method ?? 'GET').toUpperCase();
  if (options.showErrorAlert === false) {
    return;
  }
  if (options.showErrorAlert === undefined && (method === 'GET' || !isLocalUrl(options.url))) {
    return;
  }
  const message = err.data?.message || err.data?.error?.message || err.statusText || 'Error';
  getAppEvents().publish({
    type: err.status < 500 ? AppEvents.alertWarning.name : AppEvents.alertError.name,
    payload: [message],
  });
  err.isHandled = true;
}

function doFetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable<FetchResponse<T>>((subscriber) => {
    const controller = new AbortController();
    const url = urlOf(options);
    const init = requestInit(options, url);
    init.signal = options.abortSignal ?? controller.signal;
    fetch(url, init)
      .then(async (res) => {
        const data = await parseBody(res, options.responseType);
        const response: FetchResponse<T> = {
          data,
          status: res.status,
          statusText: res.statusText,
          ok: res.ok,
          headers: res.headers,
          redirected: res.redirected,
          type: res.type,
          url: res.url,
          config: options,
        };
        if (!res.ok) {
          const err: FetchError = { status: res.status, statusText: res.statusText, data, config: options };
          showErrorAlert(options, err);
          subscriber.error(err);
          return;
        }
        const method = (options.method ?? 'GET').toUpperCase();
        if (method !== 'GET' && options.showSuccessAlert !== false && (data as any)?.message && isLocalUrl(url)) {
          getAppEvents().publish({ type: AppEvents.alertSuccess.name, payload: [(data as any).message] });
        }
        subscriber.next(response);
        subscriber.complete();
      })
      .catch((e) => {
        // Grafana reports an aborted/network failure as a FetchError with status 0 / -1.
        const cancelled = e?.name === 'AbortError';
        subscriber.error({ status: cancelled ? -1 : 0, statusText: String(e), data: {}, cancelled, config: options });
      });
    return () => controller.abort();
  });
}

export class TestbedBackendSrv implements BackendSrv {
  fetch<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
    return doFetch<T>(options);
  }
  async request<T = unknown>(options: BackendSrvRequest): Promise<T> {
    return (await lastValueFrom(doFetch<T>(options))).data;
  }
  datasourceRequest<T = unknown>(options: BackendSrvRequest): Promise<FetchResponse<T>> {
    return lastValueFrom(doFetch<T>(options));
  }
  get<T = any>(url: string, params?: any, requestId?: string, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'GET', url, params, requestId });
  }
  delete<T = unknown>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'DELETE', url, data });
  }
  post<T = any>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'POST', url, data });
  }
  patch<T = any>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'PATCH', url, data });
  }
  put<T = any>(url: string, data?: unknown, options?: Partial<BackendSrvRequest>): Promise<T> {
    return this.request<T>({ ...options, method: 'PUT', url, data });
  }
  chunked(): Observable<FetchResponse<Uint8Array | undefined>> {
    return new Observable((s) => s.error(new Error('backendSrv.chunked is not provided by the test bed')));
  }
}
