import React, { useState } from 'react';
import { useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2, renderMarkdown } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, Button, LinkButton, RenderUserContentAsHTML, Stack, useStyles2 } from '@grafana/ui';

import { usePostmortem } from '../../api/hooks';
import type { PostmortemView } from '../../api/types';
import { useCanEdit } from '../../auth/role';
import { incidentPath } from '../../constants';
import { ResourceStatus } from '../../components/ResourceStatus';
import { downloadText } from './download';
import { PostmortemEditor } from './PostmortemEditor';

/** The post-mortem page; keyed by incident id so another incident starts clean. */
function PostmortemPage() {
  const { id = '' } = useParams<{ id: string }>();
  return <PostmortemScreen key={id} id={id} />;
}

function DueBadge({ view }: { view: PostmortemView }) {
  // When the page was opened is precise enough for a deadline counted in hours.
  const [now] = useState(() => Date.now());
  if (!view.dueAt) {
    return <Badge color="blue" text="Due once the incident is resolved" />;
  }
  const overdue = Date.parse(view.dueAt) < now;
  return overdue ? (
    <Badge color="red" icon="exclamation-triangle" text="Overdue" tooltip={`Was due ${dateTimeFormat(view.dueAt)}`} />
  ) : (
    <Badge color="orange" icon="clock-nine" text={`Due ${dateTimeFormat(view.dueAt)}`} />
  );
}

function PostmortemScreen({ id }: { id: string }) {
  const s = useStyles2(getStyles);
  const view = usePostmortem(id);
  const canEdit = useCanEdit();
  const [notice, setNotice] = useState<'saved'>();
  const current = view.data;

  const onExport = () => current && downloadText(`${id}-postmortem.md`, current.markdown);
  const actions = (
    <Stack gap={1}>
      <LinkButton variant="secondary" icon="arrow-left" href={incidentPath(id)}>
        Back to the incident
      </LinkButton>
      {current && (
        <Button variant="secondary" icon="download-alt" onClick={onExport} tooltip="The last saved version">
          Export Markdown
        </Button>
      )}
    </Stack>
  );

  return (
    <PluginPage pageNav={{ text: `Post-mortem ${id}` }} actions={actions}>
      {view.error || !current ? (
        <ResourceStatus
          resource={view}
          errorTitle={view.error?.code === 'not_found' ? `No incident ${id}` : 'Could not load the post-mortem'}
          loadingText="Loading post-mortem…"
        />
      ) : (
        <>
          <Stack gap={1} alignItems="center">
            <DueBadge view={current} />
            <span className={s.muted}>{current.saved ? 'Saved' : 'Not saved yet — pre-filled from the incident'}</span>
          </Stack>
          {notice === 'saved' && (
            <Alert severity="success" title="Post-mortem saved" onRemove={() => setNotice(undefined)} />
          )}
          <div className={s.body}>
            {canEdit ? (
              <PostmortemEditor
                key={current.version}
                incidentId={id}
                view={current}
                onSaved={() => {
                  setNotice('saved');
                  view.reload();
                }}
              />
            ) : (
              <RenderUserContentAsHTML
                component="div"
                className="markdown-html"
                content={renderMarkdown(current.markdown)}
              />
            )}
          </div>
        </>
      )}
    </PluginPage>
  );
}

export default PostmortemPage;

const getStyles = (theme: GrafanaTheme2) => ({
  body: css({
    marginTop: theme.spacing(2),
    maxWidth: theme.breakpoints.values.lg,
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
});
