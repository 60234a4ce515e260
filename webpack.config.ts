// Extends the create-plugin config (see .config/README.md) instead of editing it.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Configuration } from 'webpack';
import { merge } from 'webpack-merge';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

// The scaffold copies only the app's own logos. Each nested plugin (panels/timers,
// datasource) names logos relative to its own folder, as Grafana resolves them
// (and the catalog and CDN serve them); copy those too.
const nestedLogoPatterns = () => {
  const src = path.resolve(process.cwd(), 'src');
  const patterns: Array<{ from: string; to: string }> = [];
  for (const rel of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(rel) !== 'plugin.json' || path.dirname(rel) === '.') {
      continue;
    }
    const dir = path.dirname(rel);
    const logos = JSON.parse(readFileSync(path.join(src, rel), 'utf8')).info?.logos ?? {};
    for (const logo of new Set<string>([logos.small, logos.large].filter(Boolean))) {
      const file = path.posix.join(dir.split(path.sep).join('/'), logo);
      patterns.push({ from: file, to: file });
    }
  }
  return patterns;
};

const config = async (env: Env): Promise<Configuration> => {
  const base = await grafanaConfig(env);
  return merge(base, {
    optimization: {
      // The subresource-integrity plugin gives no hash to a chunk whose numeric
      // id is 0, and browsers then reject `integrity="undefined"`. Named ids
      // avoid id 0 and keep chunk file names stable across builds.
      chunkIds: 'named',
    },
    plugins: [new CopyWebpackPlugin({ patterns: nestedLogoPatterns() })],
  });
};

export default config;
