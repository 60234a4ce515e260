import { useMe } from '../api/hooks';
import { hasRole, roleFromBootData, type Role } from './bootRole';

export { hasRole, type Role };

/**
 * The signed-in user's org role: Grafana's boot data for the first paint,
 * then the back end's own answer (GET /me), which is what it enforces.
 * This only hides controls; the back end checks every call anyway.
 */
export function useRole(): Role | undefined {
  const me = useMe();
  return me.data?.role ?? roleFromBootData();
}

export function useCanEdit(): boolean {
  return hasRole(useRole(), 'Editor');
}
