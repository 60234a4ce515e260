import type { AnnotationQuery, DataQueryRequest, DataSourceInstanceSettings } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';

import { AnnotationEditor } from './AnnotationEditor';
import { parseScheduleList, type IncidentsOptions, type IncidentsQuery } from './types';

/**
 * Queries run in the back end (pkg/datasource) through Grafana's /api/ds/query, so alerting,
 * reporting and public dashboards see the same incidents as panels.
 */
export class IncidentsDataSource extends DataSourceWithBackend<IncidentsQuery, IncidentsOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<IncidentsOptions>) {
    super(instanceSettings);
    // Grafana's standard annotation support runs the annotation's target through query() and maps
    // the frame fields time, timeEnd, title, text and tags to markers and regions.
    this.annotations = {
      QueryEditor: AnnotationEditor,
      prepareAnnotation: (json: AnnotationQuery<IncidentsQuery>) => ({
        ...json,
        target: { refId: 'Anno', ...json.target, queryType: 'annotations' },
      }),
      prepareQuery: (anno: AnnotationQuery<IncidentsQuery>) => ({
        refId: 'Anno',
        ...anno.target,
        queryType: 'annotations',
      }),
    };
  }

  getDefaultQuery(): Partial<IncidentsQuery> {
    return { queryType: 'incidents' };
  }

  filterQuery(query: IncidentsQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: IncidentsQuery, scopedVars: DataQueryRequest['scopedVars']): IncidentsQuery {
    const replace = (value?: string) => (value ? getTemplateSrv().replace(value, scopedVars) : value);
    // csv: a multi-value variable becomes "a,b", the comma list insights queries take.
    const list = (value?: string) => (value ? getTemplateSrv().replace(value, scopedVars, 'csv') : value);
    const out = { ...query, service: list(query.service), severity: list(query.severity), tag: replace(query.tag) };
    if (query.schedules) {
      // A multi-value variable ($schedule) becomes its ids, comma-separated.
      const ids = query.schedules.map((id) => getTemplateSrv().replace(id, scopedVars, 'csv')).join(',');
      out.schedules = parseScheduleList(ids);
    }
    return out;
  }
}
