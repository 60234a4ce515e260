import React from 'react';
import { Button, Field, FieldSet, Stack, TextArea } from '@grafana/ui';

import { useTemplates } from '../../../api/hooks';
import { ResourceStatus } from '../../ResourceStatus';
import type { Template } from '../../../api/types';
import { TextField } from '../shared/TextField';

interface Props {
  /** The templates saved in jsonData, which replace the defaults as a whole; undefined: the defaults. */
  overrides?: Template[];
  /**
   * Whether GET /templates answers the runbook's defaults: only when the settings Grafana
   * loaded the back end with had no templates (otherwise it answers the saved ones).
   */
  defaultsServed: boolean;
  onChange: (overrides: Template[] | undefined) => void;
}

function sameText(a: Template[], b: Template[]): boolean {
  return (
    a.length === b.length && a.every((t, i) => t.id === b[i].id && t.subject === b[i].subject && t.body === b[i].body)
  );
}

/**
 * The communication templates, edited into the app settings (saved with "Save settings"). Its section
 * is collapsed at first: ten long bodies would bury the page.
 */
export function TemplatesEditor({ overrides, defaultsServed, onChange }: Props) {
  const served = useTemplates();
  const defaults = defaultsServed ? served.data?.items : undefined;

  if (served.error || !served.data) {
    return (
      <ResourceStatus resource={served} errorTitle="Could not load the templates" loadingText="Loading templates…" />
    );
  }
  if (!overrides && !defaultsServed) {
    return <p>The runbook’s default templates are used after you save the settings.</p>;
  }

  const shown = overrides ?? served.data.items;
  // A list equal to the defaults is saved as no list, so later default updates still reach it.
  const update = (next: Template[]) => onChange(defaults && sameText(next, defaults) ? undefined : next);
  const edit = (id: string, change: Partial<Template>) =>
    update(shown.map((t) => (t.id === id ? { ...t, ...change } : t)));

  return (
    <Stack direction="column" gap={1}>
      <p>
        Placeholders such as {'{{service}}'} or {'{{impact}}'} are filled from the incident when someone previews an
        update. These replace the runbook’s templates as a whole.
      </p>
      {shown.map((t) => {
        const fallback = defaults?.find((d) => d.id === t.id);
        return (
          <FieldSet key={t.id} label={t.name}>
            <TextField
              id={`template-${t.id}-subject`}
              label="Subject"
              value={t.subject}
              onChange={(subject) => edit(t.id, { subject })}
            />
            <Field
              label="Body"
              description={`Audience: ${t.audience}`}
              invalid={!t.body.trim()}
              error="A template needs a body"
            >
              <TextArea
                id={`template-${t.id}-body`}
                rows={6}
                value={t.body}
                onChange={(e) => edit(t.id, { body: e.currentTarget.value })}
              />
            </Field>
            {fallback && (
              <Button
                size="sm"
                variant="secondary"
                disabled={fallback.subject === t.subject && fallback.body === t.body}
                onClick={() => edit(t.id, { subject: fallback.subject, body: fallback.body })}
              >
                Reset to default
              </Button>
            )}
          </FieldSet>
        );
      })}
      {overrides && (
        <div>
          <Button variant="secondary" onClick={() => onChange(undefined)}>
            Use the runbook’s templates
          </Button>
        </div>
      )}
    </Stack>
  );
}
