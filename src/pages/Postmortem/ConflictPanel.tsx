import React, { useEffect, useRef } from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, ClipboardButton, Field, Stack, TextArea, useStyles2 } from '@grafana/ui';

import type { PostmortemDoc, PostmortemView } from '../../api/types';
import type { FieldDiff } from './diff';

interface Props {
  theirs: PostmortemView;
  diffs: FieldDiff[];
  saving: boolean;
  /** Save what is in the form over theirs. */
  onKeepMine: () => void;
  /** Replace the whole form with theirs. */
  onTakeTheirs: () => void;
  /** Replace one field of the form with theirs. */
  onUseTheirs: (key: keyof PostmortemDoc) => void;
}

/**
 * Someone else saved the post-mortem while this person was typing: both
 * texts side by side, per field that differs. Nothing typed is dropped unless
 * the person chooses theirs; copying theirs out first is one click.
 */
export function ConflictPanel({ theirs, diffs, saving, onKeepMine, onTakeTheirs, onUseTheirs }: Props) {
  const s = useStyles2(getStyles);
  const panel = useRef<HTMLElement>(null);
  // Keyboard and screen reader users land on the news, not somewhere below it.
  useEffect(() => panel.current?.focus(), [theirs.version]);

  const who = theirs.savedBy ? `${theirs.savedBy} saved` : 'Someone else saved';
  const when = theirs.savedAt ? ` at ${dateTimeFormat(theirs.savedAt)}` : '';
  const title = `${who} this post-mortem${when} while you were editing`;
  return (
    <section aria-label="Conflicting edits" tabIndex={-1} ref={panel} className={s.panel}>
      <Alert severity="warning" title={title}>
        <p>
          Your text is still in the form below and kept in this browser until you save. Compare each field, then keep
          yours, take theirs, or copy yours elsewhere.
        </p>
        <Stack gap={1}>
          <Button onClick={onKeepMine} disabled={saving}>
            Keep mine and save
          </Button>
          <Button variant="secondary" onClick={onTakeTheirs} disabled={saving}>
            Take theirs for every field
          </Button>
        </Stack>
      </Alert>
      {diffs.map((d) => (
        <section key={d.key} aria-label={`Compare ${d.label}`} className={s.field}>
          <h4 className={s.label}>{d.label}</h4>
          <div className={s.columns}>
            <Field label="Yours" noMargin>
              <TextArea id={`pm-conflict-${d.key}-mine`} readOnly rows={rows(d.mine)} value={d.mine} />
            </Field>
            <Field label="Theirs (saved)" noMargin>
              <TextArea id={`pm-conflict-${d.key}-theirs`} readOnly rows={rows(d.theirs)} value={d.theirs} />
            </Field>
          </div>
          <Stack gap={1}>
            <ClipboardButton size="sm" variant="secondary" icon="copy" getText={() => d.mine}>
              Copy mine
            </ClipboardButton>
            <Button size="sm" variant="secondary" onClick={() => onUseTheirs(d.key)} disabled={saving}>
              {`Use theirs for ${d.label}`}
            </Button>
          </Stack>
        </section>
      ))}
    </section>
  );
}

const rows = (text: string) => Math.min(8, Math.max(2, text.split('\n').length));

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({
    marginBottom: theme.spacing(3),
  }),
  field: css({
    padding: theme.spacing(1, 0),
    borderBottom: `1px solid ${theme.colors.border.weak}`,
  }),
  label: css({
    fontSize: theme.typography.body.fontSize,
    fontWeight: theme.typography.fontWeightMedium,
  }),
  columns: css({
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    gap: theme.spacing(2),
    marginBottom: theme.spacing(1),
  }),
});
