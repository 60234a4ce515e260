import React, { type ReactNode, useState } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';

/**
 * The answers of the back end as the page had them before TanStack Query: no retries (the page
 * shows the error and a "Try again"), no refetch on window focus (live updates and polling say
 * when something changed).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

/**
 * The server-state cache of one React root (the app, its config page, the timers panel). Only
 * lazily loaded modules import it, so TanStack Query stays out of the entry module.js that
 * Grafana loads on every page.
 */
export function ServerStateProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createQueryClient);
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
