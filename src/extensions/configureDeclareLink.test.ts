import { config } from '@grafana/runtime';

import { configureDeclareLink } from './configureDeclareLink';

const alertContext = { rule: { name: 'HighErrorRate', labels: { service: 'checkout' } }, instance: { labels: {} } };
const panelContext = {
  pluginId: 'timeseries',
  id: 2,
  title: 'Checkout API error rate',
  timeRange: { from: 'now-1h', to: 'now' },
  timeZone: 'utc',
  dashboard: { uid: 'testbed', title: 'Test bed', tags: [] },
  targets: [],
};

const signInAs = (orgRole: string) => Object.assign(config.bootData.user, { orgRole });

afterEach(() => signInAs(''));

describe('configureDeclareLink: the panel-menu and alert link only for users who can declare', () => {
  it.each(['Viewer', 'None', ''])('leaves the link out for org role %p', (role) => {
    signInAs(role);
    expect(configureDeclareLink(panelContext)).toBeUndefined();
    expect(configureDeclareLink(alertContext)).toBeUndefined();
    expect(configureDeclareLink(undefined)).toBeUndefined();
  });

  it.each(['Editor', 'Admin'])('gives %s the prefilled declare path', (role) => {
    signInAs(role);
    expect(configureDeclareLink(panelContext)?.path).toMatch(
      /^\/a\/warroom-incident-app\/declare\?dashboardUid=testbed&panelId=2&panelTitle=Checkout\+API\+error\+rate/
    );
    expect(configureDeclareLink(alertContext)?.path).toMatch(/^\/a\/warroom-incident-app\/declare\?alertName=HighErrorRate/);
    expect(configureDeclareLink(undefined)).toEqual({});
  });
});
