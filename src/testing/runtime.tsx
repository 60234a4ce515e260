import React from 'react';
import type { PluginPageProps } from '@grafana/runtime';

/**
 * Factory for `jest.mock('@grafana/runtime', ...)`: the real module, with a
 * PluginPage that renders its title, actions and children as Grafana's does,
 * and a boot-data user whose role a test sets with setBootRole().
 */
export function runtimeMock() {
  const actual = jest.requireActual('@grafana/runtime');
  return {
    ...actual,
    config: { ...actual.config, bootData: { ...actual.config.bootData, user: { orgRole: 'Viewer' } } },
    PluginPage: ({ actions, subTitle, pageNav, children }: PluginPageProps) => (
      <div>
        {pageNav && <h1>{pageNav.text}</h1>}
        {subTitle && <p>{subTitle}</p>}
        {actions}
        {children}
      </div>
    ),
  };
}

export function setBootRole(role: 'Viewer' | 'Editor' | 'Admin') {
  const { config } = jest.requireMock('@grafana/runtime');
  config.bootData.user.orgRole = role;
}
