import React, { FormEvent, useState } from 'react';
import { Alert, Box, Button, Combobox, Field, Input, Stack, TextArea } from '@grafana/ui';

import { getMessage, postStatusUpdate } from '../../../api/client';
import type { StaleCode } from '../../../api/errors';
import { useTemplates } from '../../../api/hooks';
import type { Incident, StatusUpdateRequest } from '../../../api/types';
import { useSave } from '../../../api/useSave';
import { ChannelPicker } from '../../../notifications/ChannelPicker';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { errorText } from '../useUpdate';
import { placeholderMessage, placeholdersLeft, templatePlaceholders } from './placeholders';

interface Props {
  incident: Incident;
  /** The update is on the timeline: reload it. */
  onPosted: () => void;
  onStale: (code: StaleCode) => void;
}

/**
 * Writes a stakeholder update from one of the runbook's templates: Preview
 * renders it from the incident, the author fills what the data could not and
 * edits freely, and Post update records it on the timeline.
 */
export function StatusComposer({ incident, onPosted, onStale }: Props) {
  const templates = useTemplates();
  const items = templates.data?.items ?? [];
  const [picked, setPicked] = useState<string>();
  // Until someone picks, suggest the template of the incident's current status.
  const templateId = picked ?? items.find((t) => t.id === `status-${incident.status}`)?.id;
  const [renderedFrom, setRenderedFrom] = useState<string>();
  const [missing, setMissing] = useState<string[]>([]);
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [bodyRequired, setBodyRequired] = useState(false);
  // The "[name]" placeholders the last Preview left for the author (see placeholders.ts for the rule).
  const [placeholders, setPlaceholders] = useState<string[]>([]);
  // The placeholders a refused Post found left; cleared by the next Preview or Post.
  const [left, setLeft] = useState<string[]>([]);
  const [channels, setChannels] = useState<string[]>([]);
  const [lastAction, setLastAction] = useState<'preview' | 'post'>();

  const preview = useSave((id: string) => getMessage(incident.id, id), {
    onSaved: (message) => {
      setRenderedFrom(message.templateId);
      setSubject(message.subject);
      setBody(message.body);
      setMissing(message.missing ?? []);
      setPlaceholders(templatePlaceholders(message.missing ?? []));
      setBodyRequired(false);
      setLeft([]);
    },
    onStale,
  });
  const post = useSave((req: StatusUpdateRequest) => postStatusUpdate(incident.id, req), {
    onSaved: () => {
      setRenderedFrom(undefined);
      setSubject('');
      setBody('');
      setMissing([]);
      setPlaceholders([]);
      onPosted();
    },
    onStale,
  });
  const busy = preview.saving ? 'preview' : post.saving ? 'post' : undefined;
  // What the last Preview or Post was refused with.
  const error = lastAction === 'preview' ? preview.error : lastAction === 'post' ? post.error : undefined;

  const onPreview = async () => {
    if (!templateId) {
      return;
    }
    setLastAction('preview');
    await preview.send(templateId);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (body.trim() === '') {
      setBodyRequired(true);
      return;
    }
    // The Post button stays enabled so the author learns why nothing was sent.
    const remaining = placeholdersLeft(placeholders, subject, body);
    setLeft(remaining);
    if (remaining.length > 0) {
      return;
    }
    setLastAction('post');
    await post.send({
      templateId: renderedFrom,
      subject: subject.trim(),
      body: body.trim(),
      channels: channels.length > 0 ? channels : undefined,
    });
  };

  if (templates.error || !templates.data) {
    return (
      <ResourceStatus
        resource={templates}
        errorTitle="Could not load the message templates"
        loadingText="Loading templates…"
      />
    );
  }

  // Of the placeholders a refused Post named, those the author has not replaced yet.
  const stillLeft = placeholdersLeft(left, subject, body);
  const bodyError = bodyRequired
    ? 'Write the update first'
    : stillLeft.length > 0
      ? placeholderMessage(stillLeft)
      : error?.fieldMessages('body').join('; ') || undefined;
  const subjectError = error?.fieldMessages('subject').join('; ') || undefined;
  const subjectHasPlaceholder = placeholdersLeft(stillLeft, subject).length > 0;
  // Errors the two text fields do not show go in an alert.
  const shownInline = !!error?.fields.length && error.fields.every((f) => f.path === 'subject' || f.path === 'body');
  return (
    <form onSubmit={onSubmit} aria-label="Compose status update">
      <Box marginBottom={2}>
        <Stack gap={1} alignItems="flex-end">
          <Field
            label="Template"
            description={items.length === 0 ? 'No templates are configured.' : undefined}
            noMargin
          >
            <Combobox
              id="status-update-template"
              options={items.map((t) => ({ label: t.name, value: t.id, description: t.audience }))}
              value={templateId ?? null}
              onChange={(option) => setPicked(option.value)}
              placeholder="Choose a template"
              width={40}
            />
          </Field>
          <Button type="button" variant="secondary" disabled={!templateId || busy !== undefined} onClick={onPreview}>
            {busy === 'preview' ? 'Loading…' : 'Preview'}
          </Button>
        </Stack>
      </Box>
      {missing.length > 0 && (
        <Alert severity="warning" title={`Fill in: ${missing.join(', ')}`}>
          The incident does not say these yet; replace their placeholders before posting.
        </Alert>
      )}
      <Field label="Subject" invalid={!!subjectError || subjectHasPlaceholder} error={subjectError}>
        <Input
          id="status-update-subject"
          aria-invalid={!!subjectError || subjectHasPlaceholder}
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
        />
      </Field>
      <Field label="Body" invalid={!!bodyError} error={bodyError}>
        <TextArea
          id="status-update-body"
          aria-invalid={!!bodyError}
          rows={8}
          maxLength={10000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
      </Field>
      <ChannelPicker value={channels} onChange={setChannels} />
      {error && !shownInline && <Alert severity="error" title={errorText(error)} />}
      <Stack justifyContent="flex-end">
        <Button type="submit" icon="comment-alt-share" disabled={busy !== undefined}>
          {busy === 'post' ? 'Posting…' : 'Post update'}
        </Button>
      </Stack>
    </form>
  );
}
