// Extends the create-plugin config (see .config/README.md) instead of editing it.
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return merge(base, {
    optimization: {
      // The subresource-integrity plugin gives no hash to a chunk whose numeric
      // id is 0, and browsers then reject `integrity="undefined"`. Named ids
      // avoid id 0 and keep chunk file names stable across builds.
      chunkIds: 'named',
    },
  });
};

export default config;
