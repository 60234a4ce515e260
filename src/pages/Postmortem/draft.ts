import { useCallback, useEffect, useRef } from 'react';
import { config } from '@grafana/runtime';

import type { PostmortemDoc } from '../../api/types';
import { sameDoc } from './diff';

/**
 * The unsaved post-mortem, kept in this browser's localStorage until it is
 * saved: a reload, a crash or a closed tab must not lose what someone typed
 * on the worst day of the year. One draft per org, user and incident.
 */
export interface Draft {
  /** The post-mortem version the text was written on; a newer one on the server is a conflict. */
  baseVersion: number;
  doc: PostmortemDoc;
  /** When it was last typed into (ISO 8601). */
  savedAt: string;
}

/** Writes wait this long after the last keystroke, so typing does not write on every key. */
export const DRAFT_DELAY_MS = 500;

export function draftKey(incidentId: string): string {
  const user = config.bootData?.user;
  const who = user?.login || (user?.id ? `id-${user.id}` : 'anonymous');
  return `warroom-incident-app/postmortem-draft/${user?.orgId ?? 0}/${who}/${incidentId}`;
}

function isDraft(v: unknown): v is Draft {
  const d = v as Draft;
  return (
    typeof d === 'object' &&
    d !== null &&
    typeof d.baseVersion === 'number' &&
    typeof d.savedAt === 'string' &&
    typeof d.doc === 'object' &&
    d.doc !== null
  );
}

export function readDraft(key: string): Draft | undefined {
  try {
    const v: unknown = JSON.parse(window.localStorage.getItem(key) ?? 'null');
    return isDraft(v) ? v : undefined;
  } catch {
    return undefined; // storage disabled, or not our JSON: no draft
  }
}

function writeDraft(key: string, draft: Draft) {
  try {
    window.localStorage.setItem(key, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the form still holds the text.
  }
}

export function clearDraft(key: string) {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Nothing was kept then.
  }
}

/**
 * Keeps `doc` under `key` while it differs from `clean` (what the server
 * has), DRAFT_DELAY_MS after the last change, and at once when the page is
 * hidden or the editor unmounts; removes it when they agree again.
 */
export function useKeptDraft(
  key: string,
  doc: PostmortemDoc,
  baseVersion: number,
  clean: PostmortemDoc,
  since?: string
) {
  const latest = useRef({ doc, baseVersion, clean, changedAt: since });
  useEffect(() => {
    const previous = latest.current;
    const changedAt = previous.doc === doc ? previous.changedAt : new Date().toISOString();
    latest.current = { doc, baseVersion, clean, changedAt };
  }, [doc, baseVersion, clean]);

  const keep = useCallback(() => {
    const { doc, baseVersion, clean, changedAt } = latest.current;
    if (sameDoc(doc, clean)) {
      clearDraft(key);
    } else {
      writeDraft(key, { baseVersion, doc, savedAt: changedAt ?? new Date().toISOString() });
    }
  }, [key]);

  useEffect(() => {
    const timer = setTimeout(keep, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [doc, baseVersion, keep]);

  useEffect(() => {
    window.addEventListener('pagehide', keep);
    return () => {
      window.removeEventListener('pagehide', keep);
      keep();
    };
  }, [keep]);
}
