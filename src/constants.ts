export const PLUGIN_ID = 'warroom-incident-app';

export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

/** Paths of the app's pages, relative to PLUGIN_BASE_URL. */
export enum ROUTES {
  Incidents = 'incidents',
  Incident = 'incidents/:id',
  Postmortem = 'incidents/:id/postmortem',
  Declare = 'declare',
  Services = 'services',
  Policy = 'policy',
  /** A page's acknowledge link (`?token=`); not in the nav: only pages lead here. */
  Ack = 'ack',
  OnCall = 'oncall',
  NewSchedule = 'oncall/schedules/new',
  Schedule = 'oncall/schedules/:scheduleId',
  Insights = 'insights',
}

/** Turns a route relative to the app into the absolute path Grafana serves it at. */
export function prefixRoute(route: string): string {
  return `${PLUGIN_BASE_URL}/${route}`;
}

export function incidentPath(id: string): string {
  return prefixRoute(ROUTES.Incident.replace(':id', encodeURIComponent(id)));
}

export function postmortemPath(id: string): string {
  return prefixRoute(ROUTES.Postmortem.replace(':id', encodeURIComponent(id)));
}

/** The incident list, where the acknowledge page sends people whose link cannot be used. */
export function incidentsPath(): string {
  return prefixRoute(ROUTES.Incidents);
}

export function schedulePath(scheduleId: string): string {
  return prefixRoute(ROUTES.Schedule.replace(':scheduleId', encodeURIComponent(scheduleId)));
}
