import { screen } from '@testing-library/react';
import type { AppPluginMeta, PluginType } from '@grafana/data';

import { type AppJsonData, getMe } from '../../api/client';
import { resetFakeApi } from '../../testing/fakeApi';
import { me } from '../../testing/fixtures';
import type { userWithFakeClock } from '../../testing/user';
import type { AppConfigProps } from './AppConfig';

/** Props Grafana gives the configuration page, for tests: this app's meta with `meta` over it. */
export function configPageProps(meta: Partial<AppPluginMeta<AppJsonData>>): AppConfigProps {
  return {
    plugin: {
      meta: {
        id: 'warroom-incident-app',
        name: 'Warroom',
        type: 'app' as PluginType,
        enabled: true,
        pinned: true,
        ...meta,
      },
    },
    query: {},
  } as unknown as AppConfigProps;
}

/**
 * For beforeEach: the shared fake API (testing/fakeApi.ts, whose defaults are a healthy back end) with
 * an Admin signed in. Only GET /me: the config page is not given @grafana/runtime's boot data here.
 */
export function answerAsHealthyBackend() {
  resetFakeApi();
  jest.mocked(getMe).mockResolvedValue(me('Admin'));
}

/** Opens the page's section titled `title`, as a user does: sections start closed unless they have a problem. */
export async function openSection(user: ReturnType<typeof userWithFakeClock>, title: string) {
  await user.click(screen.getByRole('button', { name: new RegExp(`^${title}`) }));
}
