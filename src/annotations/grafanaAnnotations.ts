// Grafana's annotations HTTP API (pkg/api/annotations.go, dtos/annotations.go), called with the
// signed-in user's session through getBackendSrv: Grafana checks that user's annotation and
// dashboard permissions, so the plugin never writes on a dashboard its user could not.
import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';

/** One row of GET /api/annotations (Grafana's ItemDTO), the fields Warroom reads. */
export interface GrafanaAnnotation {
  id: number;
  dashboardUID?: string;
  panelId?: number;
  time: number; // epoch ms
  timeEnd: number;
  text: string;
  tags: string[];
  /** Free-form JSON Grafana stores with the annotation and never shows: Warroom's identity. */
  data?: AnnotationData;
  login?: string;
}

/** What Warroom keeps in an annotation's `data` (the rest of the object is left alone). */
export interface AnnotationData {
  warroom?: { incidentId: string; record: string };
}

/** Body of POST /api/annotations (PostAnnotationsCmd). */
export interface NewAnnotation {
  dashboardUID: string;
  panelId?: number;
  time: number;
  timeEnd?: number;
  text: string;
  tags: string[];
  data?: AnnotationData;
}

export interface AnnotationFilter {
  tags: string[];
  dashboardUID?: string;
  /** Epoch ms; Grafana applies the range only when both are given (time <= to AND timeEnd >= from). */
  from?: number;
  to?: number;
  limit?: number;
}

async function request<T>(method: string, url: string, data?: unknown, params?: Record<string, unknown>): Promise<T> {
  // No toasts: a failed write-through is reported by its caller, and Grafana's backendSrv would
  // otherwise show the API's "Annotation added" for every event it writes (showSuccessAlert).
  const res = await lastValueFrom(
    getBackendSrv().fetch<T>({ method, url, data, params, showErrorAlert: false, showSuccessAlert: false })
  );
  return res.data;
}

export function findAnnotations(filter: AnnotationFilter): Promise<GrafanaAnnotation[]> {
  // Grafana reads repeated `tags` parameters and needs every one of them on a match.
  return request<GrafanaAnnotation[]>('GET', '/api/annotations', undefined, {
    tags: filter.tags,
    dashboardUID: filter.dashboardUID,
    from: filter.from,
    to: filter.to,
    limit: filter.limit ?? 100,
    type: 'annotation',
  });
}

export function createAnnotation(a: NewAnnotation): Promise<{ id: number }> {
  return request<{ id: number }>('POST', '/api/annotations', a);
}

export function patchAnnotation(
  id: number,
  patch: { timeEnd?: number; text?: string; tags?: string[]; data?: AnnotationData }
): Promise<unknown> {
  return request('PATCH', `/api/annotations/${id}`, patch);
}

export function deleteAnnotation(id: number): Promise<unknown> {
  return request('DELETE', `/api/annotations/${id}`);
}
