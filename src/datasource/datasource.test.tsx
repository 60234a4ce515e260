import React from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import type { DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { setTemplateSrv, type TemplateSrv } from '@grafana/runtime';

import { IncidentsDataSource } from './datasource';
import { QueryEditor } from './QueryEditor';
import type { IncidentsOptions, IncidentsQuery } from './types';

const settings = {
  id: 2,
  uid: 'warroom-incidents',
  type: 'warroom-incidents-datasource',
  name: 'Warroom incidents',
  access: 'proxy',
  jsonData: {},
  meta: { id: 'warroom-incidents-datasource' },
  readOnly: true,
} as unknown as DataSourceInstanceSettings<IncidentsOptions>;

test('an annotation query always asks for events as annotations, keeping its filters', () => {
  const ds = new IncidentsDataSource(settings);
  const anno = ds.annotations!.prepareAnnotation!({
    name: 'Incidents',
    enable: true,
    iconColor: 'red',
    target: { refId: 'X', queryType: 'incidents', service: 'checkout' } as IncidentsQuery,
  } as any);
  expect(ds.annotations!.prepareQuery!(anno)).toEqual({ refId: 'X', queryType: 'annotations', service: 'checkout' });
  // An annotation saved without a target still runs, unfiltered.
  const bare = ds.annotations!.prepareAnnotation!({ name: 'Incidents', enable: true, iconColor: 'red' } as any);
  expect(ds.annotations!.prepareQuery!(bare)).toEqual({ refId: 'Anno', queryType: 'annotations' });
});

test('the query editor switches the query type and runs the query', async () => {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const ds = new IncidentsDataSource(settings);
  render(
    <QueryEditor
      datasource={ds}
      query={{ refId: 'A', queryType: 'incidents', severity: 'P2' }}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  await userEvent.click(screen.getByLabelText('Timers'));
  expect(onChange).toHaveBeenCalledWith({ refId: 'A', queryType: 'timers', severity: 'P2' });
  expect(onRunQuery).toHaveBeenCalled();
  await userEvent.type(screen.getByLabelText('Service'), ' checkout ');
  await userEvent.tab();
  expect(onChange).toHaveBeenLastCalledWith({
    refId: 'A',
    queryType: 'incidents',
    severity: 'P2',
    service: 'checkout',
  });
});

test('the query editor offers who is on call, narrowed to typed schedule ids', async () => {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const ds = new IncidentsDataSource(settings);
  const { rerender } = render(
    <QueryEditor
      datasource={ds}
      query={{ refId: 'A', queryType: 'incidents' }}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  expect(screen.queryByLabelText('Schedules')).not.toBeInTheDocument();
  await userEvent.click(screen.getByLabelText('Who is on call'));
  expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'oncall' });
  expect(onRunQuery).toHaveBeenCalledTimes(1);

  rerender(
    <QueryEditor
      datasource={ds}
      query={{ refId: 'A', queryType: 'oncall' }}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  // The incident filters do not apply to schedules.
  expect(screen.queryByLabelText('Service')).not.toBeInTheDocument();
  await userEvent.type(screen.getByLabelText('Schedules'), ' primary, ,weekend , primary');
  await userEvent.tab();
  expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'oncall', schedules: ['primary', 'weekend'] });
  expect(onRunQuery).toHaveBeenCalledTimes(2);

  rerender(
    <QueryEditor
      datasource={ds}
      query={{ refId: 'A', queryType: 'oncall', schedules: ['primary', 'weekend'] }}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  await userEvent.clear(screen.getByLabelText('Schedules'));
  await userEvent.tab();
  expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'oncall', schedules: undefined });
});

test('schedule ids take dashboard variables, a multi-value one as several ids', () => {
  setTemplateSrv({
    replace: (target?: string, _vars?: ScopedVars, format?: string) =>
      (target ?? '').replace('$team', format === 'csv' ? 'primary,weekend' : '{primary,weekend}'),
  } as unknown as TemplateSrv);
  try {
    const ds = new IncidentsDataSource(settings);
    expect(ds.applyTemplateVariables({ refId: 'A', queryType: 'oncall', schedules: ['$team', 'db'] }, {})).toEqual({
      refId: 'A',
      queryType: 'oncall',
      schedules: ['primary', 'weekend', 'db'],
    });
  } finally {
    setTemplateSrv(undefined as unknown as TemplateSrv);
  }
});

test('services and severities take dashboard variables, a multi-value one as the comma list insights read', () => {
  setTemplateSrv({
    replace: (target?: string, _vars?: ScopedVars, format?: string) =>
      (target ?? '')
        .replace('$service', format === 'csv' ? 'api,db' : '{api,db}')
        .replace('$severity', format === 'csv' ? 'P1,P2' : '{P1,P2}'),
  } as unknown as TemplateSrv);
  try {
    const ds = new IncidentsDataSource(settings);
    const q: IncidentsQuery = { refId: 'A', queryType: 'insights', service: '$service', severity: '$severity' };
    expect(ds.applyTemplateVariables(q, {})).toEqual({ ...q, service: 'api,db', severity: 'P1,P2', tag: undefined });
  } finally {
    setTemplateSrv(undefined as unknown as TemplateSrv);
  }
});

test('the query editor asks insights over time for a measure, and a statistic for a duration', async () => {
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  const ds = new IncidentsDataSource(settings);
  const { rerender } = render(
    <QueryEditor
      datasource={ds}
      query={{ refId: 'A', queryType: 'incidents' }}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  await userEvent.click(screen.getByLabelText('Insights over time'));
  // A series is not valid without a measure: MTTA until another is picked.
  expect(onChange).toHaveBeenLastCalledWith({ refId: 'A', queryType: 'insights_series', measure: 'mtta' });

  const series: IncidentsQuery = { refId: 'A', queryType: 'insights_series', measure: 'mtta' };
  rerender(<QueryEditor datasource={ds} query={series} onChange={onChange} onRunQuery={onRunQuery} />);
  expect(screen.queryByLabelText('Tag')).not.toBeInTheDocument();
  await userEvent.click(screen.getByLabelText('p90'));
  expect(onChange).toHaveBeenLastCalledWith({ ...series, stat: 'p90' });
  await userEvent.click(screen.getByLabelText('Month'));
  expect(onChange).toHaveBeenLastCalledWith({ ...series, bucket: 'month' });
  await userEvent.type(screen.getByLabelText('Severities'), 'P1,P2');
  await userEvent.tab();
  expect(onChange).toHaveBeenLastCalledWith({ ...series, severity: 'P1,P2' });

  // A count has no statistic; the table has no measure.
  rerender(
    <QueryEditor
      datasource={ds}
      query={{ ...series, measure: 'incidents' }}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  expect(screen.queryByLabelText('Median')).not.toBeInTheDocument();
  rerender(
    <QueryEditor
      datasource={ds}
      query={{ refId: 'A', queryType: 'insights' }}
      onChange={onChange}
      onRunQuery={onRunQuery}
    />
  );
  expect(screen.queryByLabelText('Measure')).not.toBeInTheDocument();
  expect(screen.getByLabelText('Severities')).toBeInTheDocument();
});
