import React, { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, EmptyState, Stack, useStyles2 } from '@grafana/ui';

import { deleteContactMethod, saveContactMethod, testContactMethod } from '../../../api/client';
import { useMe } from '../../../api/hooks';
import { useContactMethods } from '../../../api/oncallHooks';
import { queryKeys } from '../../../api/queryKeys';
import type { ContactMethodRequest, ContactMethodView, TestPageResult } from '../../../api/types';
import { useSave } from '../../../api/useSave';
import { listTable } from '../../../components/listTable';
import { ResourceStatus } from '../../../components/ResourceStatus';
import { ContactMethodForm } from './ContactMethodForm';
import { describe, kindOf } from './kinds';

type Editing = { method?: ContactMethodView } | undefined;

/** How Warroom pages me: my contact methods, tried in order, each with a test page. */
export function ContactMethods() {
  const s = useStyles2(getStyles);
  const me = useMe();
  const signedIn = !!me.data && !me.data.anonymous;
  const methods = useContactMethods(signedIn);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>();
  const [tested, setTested] = useState<{ id: string; result: TestPageResult }>();
  const reload = () => void queryClient.invalidateQueries({ queryKey: queryKeys.contactMethods });

  const save = useSave(({ id, req }: { id: string; req: ContactMethodRequest }) => saveContactMethod(id, req), {
    onSaved: () => {
      setEditing(undefined);
      reload();
    },
  });
  const remove = useSave(deleteContactMethod, { onSaved: reload });
  // The id travels with the answer, so the notice names the method tested.
  const test = useSave((id: string) => testContactMethod(id).then((result) => ({ id, result })), {
    onSaved: setTested,
  });

  if (me.data?.anonymous) {
    return (
      <Alert severity="info" title="Sign in to set up how Warroom reaches you">
        You are using Grafana anonymously: there is no login to page. Sign in, then add your contact methods here.
      </Alert>
    );
  }
  if (methods.error || !methods.data) {
    return (
      <ResourceStatus resource={methods} errorTitle="Could not load your contact methods" loadingText="Loading…" />
    );
  }
  const list = methods.data.methods;
  const add = (
    <Button
      icon="plus"
      onClick={() => {
        save.reset();
        setEditing({});
      }}
    >
      Add contact method
    </Button>
  );

  return (
    <section aria-label="My contact methods" className={s.section}>
      <p>When a tier pages you, Warroom tries these in order. Use &quot;Send test page&quot; to check each works.</p>
      {remove.error && (
        <Alert severity="error" title="The contact method was not deleted">
          {remove.error.message}
        </Alert>
      )}
      {test.error && (
        <Alert severity="error" title="The test page was not sent">
          {test.error.message}
        </Alert>
      )}
      {tested && (
        <Alert
          severity={tested.result.delivered ? 'success' : 'error'}
          title={tested.result.delivered ? `Test page sent via ${tested.id}` : `Test page via ${tested.id} failed`}
          onRemove={() => setTested(undefined)}
        >
          {tested.result.error}
        </Alert>
      )}
      {editing ? (
        <ContactMethodForm
          method={editing.method}
          position={editing.method?.position ?? list.length}
          saving={save.saving}
          error={save.error}
          onCancel={() => setEditing(undefined)}
          onSave={(req) => void save.send({ id: editing.method?.id ?? `${req.kind}-${Date.now().toString(36)}`, req })}
        />
      ) : list.length === 0 ? (
        <EmptyState variant="call-to-action" message="No contact methods yet" button={add}>
          <p>Add an email address, an ntfy or Gotify push, a webhook or your Slack member ID.</p>
        </EmptyState>
      ) : (
        <>
          <Stack justifyContent="flex-end">{add}</Stack>
          <table className={s.table} aria-label="Contact methods">
            <thead>
              <tr>
                <th>Kind</th>
                <th>Where</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((m) => (
                <tr key={m.id}>
                  <td>{kindOf(m.kind).label}</td>
                  <td>{describe(m)}</td>
                  <td>
                    <Stack gap={1} justifyContent="flex-end">
                      <Button
                        size="sm"
                        variant="secondary"
                        aria-label={`Send test page via ${m.id}`}
                        disabled={test.saving}
                        onClick={() => {
                          setTested(undefined);
                          void test.send(m.id);
                        }}
                      >
                        Send test page
                      </Button>
                      <Button
                        size="sm"
                        variant="secondary"
                        aria-label={`Edit ${m.id}`}
                        onClick={() => {
                          save.reset();
                          setEditing({ method: m });
                        }}
                      >
                        Edit
                      </Button>
                      <Button
                        size="sm"
                        variant="destructive"
                        fill="outline"
                        aria-label={`Delete ${m.id}`}
                        disabled={remove.saving}
                        onClick={() => void remove.send(m.id)}
                      >
                        Delete
                      </Button>
                    </Stack>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    marginTop: theme.spacing(2),
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
  table: listTable(theme),
});
