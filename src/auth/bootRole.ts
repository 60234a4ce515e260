// The org role as Grafana's boot data states it. Kept free of app code: module.tsx (loaded on every
// Grafana page) reads it to hide the panel-menu link from users who cannot declare.
import { config } from '@grafana/runtime';

import type { Me } from '../api/types';

export type Role = Me['role'];

const RANK: Record<Role, number> = { Viewer: 1, Editor: 2, Admin: 3 };

export function roleFromBootData(): Role | undefined {
  const role: string | undefined = config.bootData?.user?.orgRole;
  return role === 'Viewer' || role === 'Editor' || role === 'Admin' ? role : undefined;
}

export function hasRole(role: Role | undefined, least: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[least];
}
