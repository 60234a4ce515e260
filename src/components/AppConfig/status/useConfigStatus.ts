import { useQuery } from '@tanstack/react-query';

import { asResource, type Resource } from '../../../api/hooks';
import { queryKeys } from '../../../api/queryKeys';
import { getConfigStatus } from '../../../api/client';
import type { ConfigStatus } from '../../../api/types';

/** The back end's check of each connection of the saved settings (GET /config/status). */
export function useConfigStatus(): Resource<ConfigStatus> {
  return asResource(useQuery({ queryKey: queryKeys.configStatus, queryFn: getConfigStatus }));
}
