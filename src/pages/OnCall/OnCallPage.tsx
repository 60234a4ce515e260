import React from 'react';
import { useSearchParams } from 'react-router-dom';
import { PluginPage } from '@grafana/runtime';
import { Tab, TabContent, TabsBar } from '@grafana/ui';

import { ContactMethods } from './contacts/ContactMethods';
import { FeedsSection } from './feeds/FeedsSection';
import { ScheduleList } from './schedules/ScheduleList';

const TABS = [
  { id: 'schedules', label: 'Schedules' },
  { id: 'contact', label: 'My contact methods' },
  { id: 'feeds', label: 'Calendar feeds' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** On call: the schedules with who is on now, how Warroom reaches me, and calendar feeds. The tab is in the URL (?tab=). */
function OnCallPage() {
  const [params, setParams] = useSearchParams();
  const tab: TabId = TABS.find((t) => t.id === params.get('tab'))?.id ?? 'schedules';
  return (
    <PluginPage subTitle="Who is paged when an escalation tier names a schedule, and how Warroom reaches each person.">
      <TabsBar>
        {TABS.map((t) => (
          <Tab
            key={t.id}
            label={t.label}
            active={tab === t.id}
            onChangeTab={() => setParams(t.id === 'schedules' ? {} : { tab: t.id }, { replace: true })}
          />
        ))}
      </TabsBar>
      <TabContent>
        {tab === 'schedules' && <ScheduleList />}
        {tab === 'contact' && <ContactMethods />}
        {tab === 'feeds' && <FeedsSection />}
      </TabContent>
    </PluginPage>
  );
}

export default OnCallPage;
