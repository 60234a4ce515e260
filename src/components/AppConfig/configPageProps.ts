import type { AppPluginMeta, PluginType } from '@grafana/data';

import type { AppJsonData } from '../../api/client';
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
