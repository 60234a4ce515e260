import React, { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { act, render } from '@testing-library/react';

/**
 * Renders `element` at `url` inside a router (with the v7 behaviour Grafana
 * opts into) next to stand-in routes, then lets mocked calls that start on
 * mount (GET /me, lists) settle, as a user would wait for the page.
 */
export async function renderAt(url: string, routes: Record<string, ReactElement>) {
  const result = render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <Routes>
        {Object.entries(routes).map(([path, element]) => (
          <Route key={path} path={path} element={element} />
        ))}
      </Routes>
    </MemoryRouter>
  );
  await act(() => Promise.resolve());
  return result;
}
