import { config } from '@grafana/runtime';

import { useMe } from '../api/hooks';
import type { Me } from '../api/types';

export type Role = Me['role'];

const RANK: Record<Role, number> = { Viewer: 1, Editor: 2, Admin: 3 };

function roleFromBootData(): Role | undefined {
  const role: string | undefined = config.bootData?.user?.orgRole;
  return role === 'Viewer' || role === 'Editor' || role === 'Admin' ? role : undefined;
}

/**
 * The signed-in user's org role: Grafana's boot data for the first paint,
 * then the back end's own answer (GET /me), which is what it enforces.
 * This only hides controls; the back end checks every call anyway.
 */
export function useRole(): Role | undefined {
  const me = useMe();
  return me.data?.role ?? roleFromBootData();
}

export function hasRole(role: Role | undefined, least: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[least];
}

export function useCanEdit(): boolean {
  return hasRole(useRole(), 'Editor');
}
