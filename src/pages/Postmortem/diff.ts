import type { ActionItem, PostmortemDoc } from '../../api/types';

/** The form's label of each part of the document, in the form's order. */
const LABELS: Record<keyof PostmortemDoc, string> = {
  reporter: 'Reporter',
  reviewers: 'Reviewers',
  summary: 'Summary',
  whatHappened: 'What happened',
  whys: '5 whys',
  detection: 'Detection',
  usersAffectedPct: 'Users affected (%)',
  featuresAffected: 'Features affected',
  dataImpact: 'Data impact',
  slaMinutes: 'SLA minutes consumed',
  wentWell: 'What went well',
  couldBeBetter: 'What could be better',
  learned: 'What we learned',
  actionItems: 'Action items',
  links: 'Links',
};

export interface FieldDiff {
  key: keyof PostmortemDoc;
  label: string;
  /** The field as plain text, one list item a line, for reading side by side and copying. */
  mine: string;
  theirs: string;
}

/** Arrays may come back absent from older documents; the form needs them present. */
export function complete(doc: PostmortemDoc): PostmortemDoc {
  return {
    ...doc,
    reviewers: doc.reviewers ?? [],
    whys: doc.whys ?? [],
    featuresAffected: doc.featuresAffected ?? [],
    wentWell: doc.wentWell ?? [],
    couldBeBetter: doc.couldBeBetter ?? [],
    learned: doc.learned ?? [],
    actionItems: doc.actionItems ?? [],
    links: doc.links ?? [],
  };
}

function asText(value: PostmortemDoc[keyof PostmortemDoc]): string {
  if (value === undefined) {
    return '';
  }
  if (Array.isArray(value)) {
    return (value as Array<string | ActionItem>)
      .map((v) =>
        typeof v === 'string'
          ? v
          : `${v.action} — ${v.owner || 'no owner'}, ${v.priority}, due ${v.due || '?'}${v.done ? ', done' : ''}`
      )
      .join('\n');
  }
  return String(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Whether two documents say the same thing (absent lists equal empty ones). */
export function sameDoc(a: PostmortemDoc, b: PostmortemDoc): boolean {
  const x = complete(a);
  const y = complete(b);
  return (Object.keys(LABELS) as Array<keyof PostmortemDoc>).every((k) => same(x[k], y[k]));
}

/** The fields where `mine` and `theirs` differ, in the form's order. */
export function differingFields(mine: PostmortemDoc, theirs: PostmortemDoc): FieldDiff[] {
  const x = complete(mine);
  const y = complete(theirs);
  return (Object.keys(LABELS) as Array<keyof PostmortemDoc>)
    .filter((key) => !same(x[key], y[key]))
    .map((key) => ({ key, label: LABELS[key], mine: asText(x[key]), theirs: asText(y[key]) }));
}

/** `mine` with one field taken from `theirs`. */
export function withTheirs(mine: PostmortemDoc, theirs: PostmortemDoc, key: keyof PostmortemDoc): PostmortemDoc {
  return { ...mine, [key]: complete(theirs)[key] };
}
