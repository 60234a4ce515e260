import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, type ComboboxOption, Field, FieldSet, Input, Stack, TextArea, useStyles2 } from '@grafana/ui';

import { importCalendar } from '../../../api/client';
import type { ImportResult, ScheduleView } from '../../../api/types';
import { useSave } from '../../../api/useSave';
import { LoginPicker } from '../schedule/LoginPicker';
import { ShiftPreview } from '../schedule/ShiftPreview';

interface Props {
  view: ScheduleView;
  people: Array<ComboboxOption<string>>;
  onImported: (saved: ScheduleView) => void;
}

type Args = { dryRun: boolean; users: Record<string, string> };

/**
 * Adds an iCalendar feed (pasted or uploaded) as a layer of fixed shifts: first a preview that
 * names the people with no Grafana login, each mapped here to one (which previews again), then the
 * import itself.
 */
export function ImportPanel({ view, people, onImported }: Props) {
  const s = useStyles2(getStyles);
  const [calendar, setCalendar] = useState('');
  const [layerName, setLayerName] = useState('Imported calendar');
  const [users, setUsers] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<ImportResult>();
  const [stale, setStale] = useState(false);
  const send = useSave(
    ({ dryRun, users }: Args) =>
      importCalendar(view.schedule.id, { calendar, layerName, users, dryRun, version: view.version }),
    {
      onSaved: (result) => {
        if (result.schedule) {
          setPreview(undefined);
          setCalendar('');
          onImported(result.schedule);
        } else {
          setPreview(result);
        }
      },
      onStale: () => setStale(true),
    }
  );

  const onFile = async (file: File | undefined) => {
    if (file) {
      setCalendar(await file.text());
      setPreview(undefined);
    }
  };

  return (
    <FieldSet label="Import a calendar" className={s.panel}>
      <p>
        Shifts of the next 90 days from an iCalendar (.ics) file, e.g. exported from Grafana OnCall, become a new top
        layer of fixed shifts. Attendees who are logins of this organization need no mapping.
      </p>
      <Field label="iCalendar text" description="Paste it here, or upload the file below.">
        <TextArea
          id="import-calendar"
          rows={4}
          value={calendar}
          onChange={(e) => {
            setCalendar(e.currentTarget.value);
            setPreview(undefined);
          }}
        />
      </Field>
      <Stack gap={2} wrap="wrap">
        <Field label="Upload .ics file">
          <input
            id="import-file"
            type="file"
            accept=".ics,text/calendar"
            onChange={(e) => onFile(e.currentTarget.files?.[0])}
          />
        </Field>
        <Field label="Layer name">
          <Input
            id="import-layer-name"
            width={30}
            value={layerName}
            onChange={(e) => setLayerName(e.currentTarget.value)}
          />
        </Field>
      </Stack>
      {stale && (
        <Alert severity="warning" title="The schedule changed since this page loaded">
          Reload the page, then import again.
        </Alert>
      )}
      {send.error && (
        <Alert severity="error" title="The calendar was not imported">
          {send.error.message}
          {send.error.fields.length > 0 && (
            <ul>
              {send.error.fields.map((f, i) => (
                <li key={i}>
                  <code>{f.path}</code>: {f.message}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {preview && (
        <section aria-label="Import preview" className={s.preview}>
          <h4>{preview.shifts.length} shifts found</h4>
          {preview.warnings.map((w) => (
            <Alert key={w} severity="warning" title={w} />
          ))}
          {preview.unmapped.length > 0 && (
            <div role="group" aria-label="People without a login">
              <p>These people have no Grafana login: their shifts are left out until each is mapped to one.</p>
              {preview.unmapped.map((name) => (
                <Field key={name} label={`Login for ${name}`}>
                  <LoginPicker
                    id={`import-map-${name}`}
                    value={users[name] ?? ''}
                    options={people}
                    width={40}
                    onChange={(login) => {
                      // Previewed again at once, so the mapped person's shifts show before importing.
                      const next = { ...users, [name]: login };
                      setUsers(next);
                      void send.send({ dryRun: true, users: next });
                    }}
                  />
                </Field>
              ))}
            </div>
          )}
          <ShiftPreview shifts={preview.shifts.slice(0, 50)} zone={view.schedule.timeZone} />
          {preview.shifts.length > 50 && <p>…and {preview.shifts.length - 50} more.</p>}
        </section>
      )}
      <Stack gap={1}>
        <Button
          variant="secondary"
          disabled={!calendar.trim() || send.saving}
          onClick={() => void send.send({ dryRun: true, users })}
        >
          Preview
        </Button>
        <Button disabled={!preview || send.saving} onClick={() => void send.send({ dryRun: false, users })}>
          Import as a layer
        </Button>
      </Stack>
    </FieldSet>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({
    marginTop: theme.spacing(4),
  }),
  preview: css({
    margin: theme.spacing(2, 0),
  }),
});
