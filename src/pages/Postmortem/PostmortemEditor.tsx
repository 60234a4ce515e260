import React, { FormEvent, useEffect, useRef, useState } from 'react';
import { dateTimeFormat } from '@grafana/data';
import { Alert, Button, Stack } from '@grafana/ui';

import { getPostmortem, savePostmortem } from '../../api/client';
import { type ApiError, toApiError } from '../../api/errors';
import type { PostmortemDoc, PostmortemRequest, PostmortemView } from '../../api/types';
import { useSave } from '../../api/useSave';
import { ConflictPanel } from './ConflictPanel';
import { complete, differingFields, withTheirs } from './diff';
import { clearDraft, draftKey, readDraft, useKeptDraft } from './draft';
import { PostmortemFields } from './PostmortemFields';

interface Props {
  incidentId: string;
  view: PostmortemView;
  onSaved: () => void;
}

interface Start {
  doc: PostmortemDoc;
  /** The post-mortem version `doc` was written on. */
  base: number;
  /** When the restored draft was last typed into. */
  restoredFrom?: string;
  /** The server's post-mortem when it is newer than `base`. */
  theirs?: PostmortemView;
}

/** The loaded document, or this person's unsaved draft of it from an earlier visit. */
function start(key: string, view: PostmortemView): Start {
  const loaded = { doc: complete(view.doc), base: view.version };
  const draft = readDraft(key);
  if (!draft || differingFields(draft.doc, view.doc).length === 0) {
    return loaded;
  }
  const restored = { doc: complete(draft.doc), base: draft.baseVersion, restoredFrom: draft.savedAt };
  return draft.baseVersion === view.version ? restored : { ...restored, theirs: view };
}

/**
 * Edits and saves the post-mortem with the post-mortem version it was
 * written on. What is typed is kept in this browser until it is saved; when
 * someone else saved meanwhile, both texts are shown and nothing typed is
 * dropped unless the person chooses theirs.
 * Mount it with `key={view.version}` so a reload starts from the saved document.
 */
export function PostmortemEditor({ incidentId, view, onSaved }: Props) {
  const key = draftKey(incidentId);
  const [initial] = useState(() => start(key, view));
  const [doc, setDoc] = useState(initial.doc);
  const [base, setBase] = useState(initial.base);
  const [theirs, setTheirs] = useState(initial.theirs);
  const [restoredFrom, setRestoredFrom] = useState(initial.restoredFrom);
  const [comparing, setComparing] = useState(false);
  const [loadError, setLoadError] = useState<ApiError>();
  // What the server has, as far as this editor knows: a draft equal to it is not kept.
  const [clean, setClean] = useState(() => complete(view.doc));

  useKeptDraft(key, doc, base, clean, initial.restoredFrom);

  const diffs = theirs ? differingFields(doc, theirs.doc) : [];
  const typed = useRef(doc);
  useEffect(() => {
    typed.current = doc;
  }, [doc]);

  /** Sets the form; once it says what theirs says, there is nothing left to compare. */
  const edit = (next: PostmortemDoc, server = theirs) => {
    setDoc(next);
    if (server && differingFields(next, server.doc).length === 0) {
      setBase(server.version);
      setClean(complete(server.doc));
      setTheirs(undefined);
    } else {
      setTheirs(server);
    }
  };

  const saver = useSave((req: PostmortemRequest) => savePostmortem(incidentId, req), {
    onSaved: (saved) => {
      // Keys pressed while saving stay a draft, on top of this save (`doc` is what was sent).
      setBase(saved.version);
      setClean(doc);
      clearDraft(key);
      onSaved();
    },
    // Someone saved first: put theirs beside what is in the form now, keys pressed while saving included.
    onStale: async () => {
      setComparing(true);
      try {
        edit(typed.current, await getPostmortem(incidentId));
      } catch (err) {
        setLoadError(toApiError(err));
      }
      setComparing(false);
    },
  });
  const saving = saver.saving || comparing;
  const error = saver.error ?? loadError;

  // The back end reports document paths either bare or under the request's `doc`.
  const errorAt = (path: string) =>
    [...(error?.messagesAt(path) ?? []), ...(error?.messagesAt(`doc.${path}`) ?? [])].join('; ') || undefined;

  const save = () => {
    setLoadError(undefined);
    // With theirs on screen, saving is keeping mine over the version shown.
    void saver.send({ version: theirs?.version ?? base, doc });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    save();
  };

  const takeTheirs = () => {
    if (theirs) {
      edit(complete(theirs.doc));
    }
  };

  const discard = () => {
    clearDraft(key);
    setDoc(complete(view.doc));
    setBase(view.version);
    setTheirs(undefined);
    setRestoredFrom(undefined);
  };

  return (
    <form onSubmit={onSubmit} aria-label="Post-mortem">
      {restoredFrom && (
        <Alert
          severity="info"
          title={`Restored your unsaved draft from ${dateTimeFormat(restoredFrom)}`}
          onRemove={() => setRestoredFrom(undefined)}
        >
          <Stack gap={1} alignItems="center">
            <span>It is kept in this browser until you save it.</span>
            <Button size="sm" variant="secondary" onClick={discard}>
              Discard draft
            </Button>
          </Stack>
        </Alert>
      )}
      {theirs && (
        <ConflictPanel
          theirs={theirs}
          diffs={diffs}
          saving={saving}
          onKeepMine={save}
          onTakeTheirs={takeTheirs}
          onUseTheirs={(field) => edit(withTheirs(doc, theirs.doc, field))}
        />
      )}
      <PostmortemFields doc={doc} onChange={edit} errorAt={errorAt} />
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
