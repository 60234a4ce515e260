import React, { type ComponentType, type ReactNode } from 'react';
import { notifyManager } from '@tanstack/react-query';

import { ServerStateProvider } from '../api/ServerStateProvider';

type Wrapper = ComponentType<{ children: ReactNode }>;
type RenderOptions = { wrapper?: Wrapper } | undefined;

function withServerState(wrapper?: Wrapper): Wrapper {
  const Inner = wrapper;
  return function ServerStateRoot({ children }: { children: ReactNode }) {
    return <ServerStateProvider>{Inner ? <Inner>{children}</Inner> : children}</ServerStateProvider>;
  };
}

/**
 * Factory for the jest.mock of @testing-library/react in jest-setup.js: render and renderHook as
 * they are, with each rendered root inside its own server-state cache, as Grafana mounts the app,
 * its config page and each panel. No answer leaks from one test into the next.
 */
export function testingLibraryWithServerState() {
  // TanStack Query tells components about answers on a zero-delay timer; tests run fake clocks
  // and await act(), which flushes promises, so deliver on a microtask instead.
  notifyManager.setScheduler(queueMicrotask);
  const actual = jest.requireActual('@testing-library/react');
  return {
    ...actual,
    render: (ui: React.ReactElement, options?: RenderOptions) =>
      actual.render(ui, { ...options, wrapper: withServerState(options?.wrapper) }),
    renderHook: (hook: (props: unknown) => unknown, options?: RenderOptions) =>
      actual.renderHook(hook, { ...options, wrapper: withServerState(options?.wrapper) }),
  };
}
