import { ERROR_STATUS } from './generated/errors';
import type { ErrorCode, FieldError } from './types';

/** Why a call failed; not in the contract's table because no response (or no JSON) came back. */
export type ClientErrorCode = 'unreachable' | 'unexpected_response';

/**
 * A failed call to the Warroom back end (or Grafana's settings API), parsed
 * from the stable error shape `{ error: { code, message, fields } }` of docs/api.md.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly fields: FieldError[];

  constructor(status: number, code: ErrorCode | ClientErrorCode, message: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  /** Messages of the fields whose path starts with `name` (`services` matches `services[0]`). */
  fieldMessages(name: string): string[] {
    return this.fields.filter((f) => fieldRoot(f.path) === name).map((f) => f.message);
  }

  /** Messages of the fields at exactly `path` (`actionItems[0].owner`). */
  messagesAt(path: string): string[] {
    return this.fields.filter((f) => f.path === path).map((f) => f.message);
  }
}

/** The 409 answers: someone else changed the incident (`conflict`), or it is resolved and read-only. */
export type StaleCode = 'conflict' | 'incident_resolved';

export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'conflict';
}

export function isIncidentResolved(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'incident_resolved';
}

/** Which 409 `err` is, if it is one: the page then reloads what it shows instead of showing an error. */
export function staleCode(err: unknown): StaleCode | undefined {
  return isConflict(err) ? 'conflict' : isIncidentResolved(err) ? 'incident_resolved' : undefined;
}

/** The top-level input a field path points into: `services[0]` → `services`, `links.panelId` → `links`. */
export function fieldRoot(path: string): string {
  return path.split(/[.[]/)[0];
}

// The codes the server sends, generated from pkg/api ErrorCodes.
const KNOWN_CODES: readonly string[] = Object.keys(ERROR_STATUS);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function parseFields(v: unknown): FieldError[] {
  if (!Array.isArray(v)) {
    return [];
  }
  return v.filter(isRecord).map((f) => ({ path: String(f.path ?? ''), message: String(f.message ?? '') }));
}

/**
 * Turns whatever getBackendSrv().fetch threw (a FetchError with the response
 * body in `data`) into an ApiError. Bodies that are not our error shape (a
 * proxy's HTML page, Grafana's own `{ message }`) keep their status and get
 * code `unexpected_response`; no status at all means the request never got an answer.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) {
    return err;
  }
  const status = isRecord(err) && typeof err.status === 'number' ? err.status : 0;
  const data = isRecord(err) ? err.data : undefined;
  const body = isRecord(data) && isRecord(data.error) ? data.error : undefined;
  if (body && typeof body.code === 'string' && KNOWN_CODES.includes(body.code)) {
    return new ApiError(status, body.code as ErrorCode, String(body.message ?? body.code), parseFields(body.fields));
  }
  if (status === 0) {
    return new ApiError(0, 'unreachable', 'Could not reach Grafana. Check your connection and try again.');
  }
  const grafanaMessage = isRecord(data) && typeof data.message === 'string' ? data.message : undefined;
  const statusText = isRecord(err) && typeof err.statusText === 'string' ? err.statusText : '';
  return new ApiError(
    status,
    'unexpected_response',
    grafanaMessage || `Request failed: ${status} ${statusText}`.trim()
  );
}
