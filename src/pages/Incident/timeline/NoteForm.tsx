import React, { FormEvent, KeyboardEvent, useState } from 'react';
import { Button, Field, Stack, TextArea } from '@grafana/ui';

import { addNote } from '../../../api/client';
import type { StaleCode } from '../../../api/errors';
import { useSave } from '../../../api/useSave';

interface Props {
  incidentId: string;
  onAdded: () => void;
  /** 409: the incident was resolved meanwhile (notes are refused then). */
  onStale?: (code: StaleCode) => void;
}

/** Adds a note to the timeline (Editor and up). */
export function NoteForm({ incidentId, onAdded, onStale }: Props) {
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const save = useSave((note: string) => addNote(incidentId, { text: note }), {
    onSaved: () => {
      setText('');
      onAdded();
    },
    onStale,
  });
  const error = empty
    ? 'Write something first'
    : save.error && (save.error.fieldMessages('text').join('; ') || save.error.message);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setEmpty(text.trim() === '');
    if (text.trim() !== '') {
      await save.send(text.trim());
    }
  };

  // Plain Enter starts a new line in a note; Ctrl/Cmd+Enter posts it.
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Add note">
      <Field label="Add a note" description="Ctrl+Enter posts it." invalid={!!error} error={error}>
        <TextArea
          id="incident-note"
          rows={3}
          maxLength={10000}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={onKeyDown}
        />
      </Field>
      <Stack justifyContent="flex-end">
        {/* Secondary: the page's one primary action is the command bar's. */}
        <Button type="submit" variant="secondary" icon="comment-alt" disabled={save.saving}>
          {save.saving ? 'Posting…' : 'Post note'}
        </Button>
      </Stack>
    </form>
  );
}
