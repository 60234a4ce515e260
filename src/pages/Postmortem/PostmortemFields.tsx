import React from 'react';
import { Field, FieldSet, Input, TagsInput, TextArea } from '@grafana/ui';

import type { PostmortemDoc } from '../../api/types';
import { StringListInput } from '../../components/StringListInput';
import { ActionItemsTable } from './ActionItemsTable';

interface Props {
  doc: PostmortemDoc;
  onChange: (doc: PostmortemDoc) => void;
  /** The API's message for a field path of the document (`actionItems[0].owner`), if any. */
  errorAt: (path: string) => string | undefined;
}

/** "" → absent; anything else → the number typed (the browser only lets numbers through). */
function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** The sections of the runbook's post-mortem (seed 001 §4.1) as one form. */
export function PostmortemFields({ doc, onChange, errorAt }: Props) {
  const set = <K extends keyof PostmortemDoc>(key: K, value: PostmortemDoc[K]) => onChange({ ...doc, [key]: value });
  const text = (key: 'summary' | 'whatHappened' | 'detection' | 'dataImpact', label: string, rows = 3) => (
    <Field label={label} invalid={!!errorAt(key)} error={errorAt(key)}>
      <TextArea id={`pm-${key}`} rows={rows} value={doc[key]} onChange={(e) => set(key, e.currentTarget.value)} />
    </Field>
  );
  const list = (key: 'whys' | 'wentWell' | 'couldBeBetter' | 'learned' | 'links', itemLabel: string) => (
    <StringListInput
      itemLabel={itemLabel}
      values={doc[key]}
      onChange={(values) => set(key, values)}
      errorAt={(i) => errorAt(`${key}[${i}]`)}
    />
  );

  return (
    <>
      <FieldSet label="Review">
        <Field label="Reporter">
          <Input id="pm-reporter" value={doc.reporter} onChange={(e) => set('reporter', e.currentTarget.value)} />
        </Field>
        <Field label="Reviewers" description="Press Enter after each name.">
          <TagsInput id="pm-reviewers" tags={doc.reviewers} onChange={(v) => set('reviewers', v)} addOnBlur />
        </Field>
        {text('summary', 'Summary', 4)}
      </FieldSet>
      <FieldSet label="Root cause">
        {text('whatHappened', 'What happened', 5)}
        <Field label="5 whys" description="Ask why until you reach the cause you can fix.">
          {list('whys', 'Why')}
        </Field>
        {text('detection', 'Detection', 2)}
      </FieldSet>
      <FieldSet label="Impact">
        <Field label="Users affected (%)" invalid={!!errorAt('usersAffectedPct')} error={errorAt('usersAffectedPct')}>
          <Input
            id="pm-users-affected"
            type="number"
            min={0}
            max={100}
            width={12}
            value={doc.usersAffectedPct ?? ''}
            onChange={(e) => set('usersAffectedPct', optionalNumber(e.currentTarget.value))}
          />
        </Field>
        <Field label="Features affected" description="Press Enter after each feature.">
          <TagsInput
            id="pm-features"
            tags={doc.featuresAffected}
            onChange={(v) => set('featuresAffected', v)}
            addOnBlur
          />
        </Field>
        {text('dataImpact', 'Data impact', 2)}
        <Field label="SLA minutes consumed" invalid={!!errorAt('slaMinutes')} error={errorAt('slaMinutes')}>
          <Input
            id="pm-sla-minutes"
            type="number"
            min={0}
            step={1}
            width={12}
            value={doc.slaMinutes ?? ''}
            onChange={(e) => set('slaMinutes', optionalNumber(e.currentTarget.value))}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Response">
        <Field label="What went well">{list('wentWell', 'Went well')}</Field>
        <Field label="What could be better">{list('couldBeBetter', 'Could be better')}</Field>
        <Field label="What we learned">{list('learned', 'Learned')}</Field>
      </FieldSet>
      <FieldSet label="Action items">
        <ActionItemsTable items={doc.actionItems} onChange={(v) => set('actionItems', v)} errorAt={errorAt} />
      </FieldSet>
      <FieldSet label="Links">
        <Field label="Dashboards and documents" description="Dashboard paths such as /d/abc or full URLs.">
          {list('links', 'Link')}
        </Field>
      </FieldSet>
    </>
  );
}
