import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';

import { createFeed } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';
import type { FeedCreated, FeedRequest } from '../../../api/types';
import { useSave } from '../../../api/useSave';

/** Creates a feed and keeps its answer (the one time its URL is known) until dismissed. */
export function useCreateFeed() {
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<FeedCreated>();
  const save = useSave((req: FeedRequest) => createFeed(req), {
    onSaved: (feed) => {
      setCreated(feed);
      void queryClient.invalidateQueries({ queryKey: queryKeys.feeds });
    },
  });
  return { ...save, created, dismiss: () => setCreated(undefined) };
}
