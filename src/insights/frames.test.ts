import { createTheme } from '@grafana/data';

import { aSeriesPoint } from '../testing/insightsFixtures';
import { countFrames, responseFrames } from './frames';

const theme = createTheme();
const series = [
  aSeriesPoint('2026-11-23T00:00:00Z', { incidents: 2, mtta: { n: 2, mean: 300, median: 240, p90: 360 } }),
  aSeriesPoint('2026-11-30T00:00:00Z', { incidents: 0 }),
];

it('draws the MTTA and MTTR medians per bucket, with a gap where a bucket has no data', () => {
  const [frame] = responseFrames(series, theme);
  const [t, mtta, mttr] = frame.fields;
  expect(t.values).toEqual([Date.parse('2026-11-23T00:00:00Z'), Date.parse('2026-11-30T00:00:00Z')]);
  expect(mtta.name).toBe('MTTA median');
  expect(mtta.values).toEqual([240, null]);
  expect(mtta.config.unit).toBe('s');
  expect(mttr.values).toEqual([3600, null]);
});

it('counts the incidents per bucket as bars, empty buckets as 0', () => {
  const [frame] = countFrames(series, theme);
  expect(frame.fields[1].values).toEqual([2, 0]);
  expect(frame.fields[1].config.custom.drawStyle).toBe('bars');
});
