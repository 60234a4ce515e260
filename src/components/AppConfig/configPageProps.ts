import type { AppPluginMeta, PluginType } from '@grafana/data';

import { type AppJsonData, getMe, getPolicy, updateAppSettings, validateSettings } from '../../api/client';
import { aPolicy, me } from '../../testing/fixtures';
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

/** A healthy back end as seen through the mocked API client (`jest.mock('../../api/client')`), for an Admin. */
export function answerAsHealthyBackend() {
  jest.mocked(validateSettings).mockResolvedValue({ valid: true });
  jest.mocked(updateAppSettings).mockResolvedValue({});
  jest.mocked(getMe).mockResolvedValue(me('Admin'));
  jest.mocked(getPolicy).mockResolvedValue(aPolicy());
}
