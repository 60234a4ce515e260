import React, { FormEvent, useState } from 'react';
import { Alert, Button, Stack } from '@grafana/ui';

import { savePostmortem } from '../../api/client';
import { type ApiError, isConflict, toApiError } from '../../api/errors';
import type { PostmortemDoc, PostmortemView } from '../../api/types';
import { PostmortemFields } from './PostmortemFields';

interface Props {
  incidentId: string;
  view: PostmortemView;
  onSaved: () => void;
  /** 409: the incident changed since the post-mortem was loaded. */
  onConflict: () => void;
}

/** Arrays may come back absent from older documents; the form needs them present. */
function complete(doc: PostmortemDoc): PostmortemDoc {
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

/**
 * Edits and saves the post-mortem with the incident version it was loaded at.
 * Mount it with `key={view.version}` so a reload starts from the saved document.
 */
export function PostmortemEditor({ incidentId, view, onSaved, onConflict }: Props) {
  const [doc, setDoc] = useState(() => complete(view.doc));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError>();

  // The back end reports document paths either bare or under the request's `doc`.
  const errorAt = (path: string) =>
    [...(error?.messagesAt(path) ?? []), ...(error?.messagesAt(`doc.${path}`) ?? [])].join('; ') || undefined;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await savePostmortem(incidentId, { version: view.version, doc });
      setSaving(false);
      onSaved();
    } catch (err) {
      const apiError = toApiError(err);
      setSaving(false);
      if (isConflict(apiError)) {
        onConflict();
        return;
      }
      setError(apiError);
    }
  };

  return (
    <form onSubmit={onSubmit} aria-label="Post-mortem">
      <PostmortemFields doc={doc} onChange={setDoc} errorAt={errorAt} />
      {error && (
        <Alert severity="error" title="The post-mortem was not saved">
          {error.message}
          {error.fields.length > 0 && (
            <ul>
              {error.fields.map((f, i) => (
                <li key={i}>
                  <code>{f.path.replace(/^doc\./, '')}</code>: {f.message}
                </li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      <Stack justifyContent="flex-end">
        <Button type="submit" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
      </Stack>
    </form>
  );
}
