import React, { FormEvent, KeyboardEvent, useState } from 'react';
import { Button, Field, Stack, TextArea } from '@grafana/ui';

import { addNote } from '../../../api/client';
import { type StaleCode, staleCode, toApiError } from '../../../api/errors';

interface Props {
  incidentId: string;
  onAdded: () => void;
  /** 409: the incident was resolved meanwhile (notes are refused then). */
  onStale?: (code: StaleCode) => void;
}

/** Adds a note to the timeline (Editor and up). */
export function NoteForm({ incidentId, onAdded, onStale }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') {
      setError('Write something first');
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      await addNote(incidentId, { text: text.trim() });
      setText('');
      onAdded();
    } catch (err) {
      const apiError = toApiError(err);
      const stale = staleCode(apiError);
      if (stale && onStale) {
        onStale(stale);
        return;
      }
      setError(apiError.fieldMessages('text').join('; ') || apiError.message);
    } finally {
      setSaving(false);
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
        <Button type="submit" icon="comment-alt" disabled={saving}>
          {saving ? 'Posting…' : 'Post note'}
        </Button>
      </Stack>
    </form>
  );
}
