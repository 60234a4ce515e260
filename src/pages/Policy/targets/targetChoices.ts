import type { ComboboxOption } from '@grafana/ui';

import { useNotificationChannels } from '../../../api/hooks';
import { usePeople, useSchedules, useTeams } from '../../../api/oncallHooks';
import type { EscalationTarget } from '../../../api/types';
import { personOptions } from '../../../people/personOptions';

export type TargetKind = EscalationTarget['kind'];

export const TARGET_KINDS: TargetKind[] = ['schedule', 'user', 'team', 'channel'];

export const KIND_LABEL: Record<TargetKind, string> = {
  schedule: 'Schedule',
  user: 'User',
  team: 'Team',
  channel: 'Channel',
};

/** What a tier can page, by kind; loaded once for the whole editor (one list per kind, not per tier). */
export interface TargetChoices {
  options: Record<TargetKind, Array<ComboboxOption<string>>>;
  /** False when Grafana gives Warroom no team API: team targets cannot be chosen. */
  teamsAvailable: boolean;
  loading: boolean;
  /** The lists that could not be loaded, by kind, with why. */
  errors: Partial<Record<TargetKind, string>>;
}

export function useTargetChoices(): TargetChoices {
  const schedules = useSchedules();
  const people = usePeople();
  const teams = useTeams();
  const channels = useNotificationChannels();
  return {
    options: {
      schedule: (schedules.data?.schedules ?? []).map((s) => ({
        value: s.id,
        label: s.name || s.id,
        description: s.now ? `on call now: ${s.now.user}` : 'nobody on call now',
      })),
      user: personOptions(people.data?.people),
      team: (teams.data?.teams ?? []).map((t) => ({
        value: t.id,
        label: t.name,
        description: `${t.memberCount} member${t.memberCount === 1 ? '' : 's'}`,
      })),
      channel: (channels.data?.items ?? []).map((c) => ({ value: c.name, label: c.name, description: c.kind })),
    },
    teamsAvailable: teams.data?.available ?? true,
    loading: schedules.loading || people.loading || teams.loading || channels.loading,
    errors: {
      schedule: schedules.error?.message,
      user: people.error?.message,
      team: teams.error?.message,
      channel: channels.error?.message,
    },
  };
}

/** How a target reads: its kind and the name of what it names (the id while lists load, or if gone). */
export function targetLabel(choices: TargetChoices, target: EscalationTarget): string {
  const option = choices.options[target.kind]?.find((o) => o.value === target.id);
  return `${KIND_LABEL[target.kind] ?? target.kind}: ${option?.label ?? target.id}`;
}
