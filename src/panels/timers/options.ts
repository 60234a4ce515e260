import type { Severity } from '../../api/types';

export interface TimersPanelOptions {
  /** Comma-separated service names; dashboard variables work ("$service"). Empty: every service. */
  services: string;
  /** Only these levels; empty: all. */
  severities: Severity[];
  maxRows: number;
}

export const DEFAULT_OPTIONS: TimersPanelOptions = { services: '$service', severities: [], maxRows: 10 };

export const MAX_ROWS = 100;

/**
 * The services an interpolated option names. Asked for in csv format, Grafana
 * renders a multi-value variable as "a,b"; a variable left unresolved (no such
 * variable on this dashboard) is dropped rather than sent as a service name.
 */
export function parseServices(interpolated: string): string[] {
  const seen = new Set<string>();
  for (const part of interpolated.split(',')) {
    const name = part.trim();
    if (name !== '' && !name.startsWith('$') && !/^\[\[.*\]\]$/.test(name)) {
      seen.add(name);
    }
  }
  return [...seen];
}

export function clampRows(n: number | undefined): number {
  if (!n || !Number.isFinite(n)) {
    return DEFAULT_OPTIONS.maxRows;
  }
  return Math.min(MAX_ROWS, Math.max(1, Math.floor(n)));
}
