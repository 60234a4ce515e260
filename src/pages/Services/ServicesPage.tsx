import React, { useState } from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, ClipboardButton, EmptyState, Stack, useStyles2 } from '@grafana/ui';

import type { CatalogService } from '../../api/client';
import { useAppSettings } from '../../api/hooks';
import { useSave } from '../../api/useSave';
import { hasRole, useRole } from '../../auth/role';
import { FieldErrorList } from '../../components/AppConfig/shared/fieldErrors';
import { ResourceStatus } from '../../components/ResourceStatus';
import { downloadText } from '../Postmortem/download';
import { AddFromLabel } from './AddFromLabel';
import { catalogJson, errorsOfService, postgresTargetNames } from './catalogEdit';
import { reloadAfterSave, saveCatalog, useSavedNotice } from './saveCatalog';
import { ServiceForm } from './ServiceForm';
import { ServiceList } from './ServiceList';

/** What the page shows below its header: the list, one service's form (index = length: a new one), or add-all. */
type Mode = { kind: 'list' } | { kind: 'edit'; index: number } | { kind: 'addAll' };

const PURPOSE =
  'A service tells Warroom how to read its error rate and p99 latency from Prometheus — for the severity the declare ' +
  'form suggests and the graphs of the incident page — and what the diagnostics check: its health URL, AWS ' +
  'resources and PostgreSQL target.';

function ServicesPage() {
  const s = useStyles2(getStyles);
  const isAdmin = hasRole(useRole(), 'Admin');
  const settings = useAppSettings();
  const saved = useSavedNotice();
  const [mode, setMode] = useState<Mode>({ kind: 'list' });
  const save = useSave(saveCatalog, {});

  const services = settings.data?.jsonData?.services ?? [];
  const go = (next: Mode) => {
    save.reset();
    setMode(next);
  };
  const persist = async (next: CatalogService[], what: string) => {
    if (await save.send(next)) {
      reloadAfterSave(what);
    }
  };

  const adding = isAdmin && (
    <>
      <Button icon="plus" onClick={() => go({ kind: 'edit', index: services.length })}>
        Add service
      </Button>
      <Button variant="secondary" icon="tag-alt" onClick={() => go({ kind: 'addAll' })}>
        Add all from label…
      </Button>
    </>
  );
  // With no services yet the empty state offers the adding buttons instead.
  const actions = (
    <Stack gap={1}>
      {mode.kind === 'list' && services.length > 0 && adding}
      {services.length > 0 && (
        <>
          <Button
            variant="secondary"
            icon="download-alt"
            onClick={() => downloadText('warroom-services.json', catalogJson(services), 'application/json')}
          >
            Export JSON
          </Button>
          <ClipboardButton variant="secondary" icon="copy" getText={() => catalogJson(services)}>
            Copy JSON
          </ClipboardButton>
        </>
      )}
    </Stack>
  );

  let body: React.ReactNode;
  if (settings.error || !settings.data) {
    body = (
      <ResourceStatus resource={settings} errorTitle="Could not load the services" loadingText="Loading services…" />
    );
  } else if (mode.kind === 'edit') {
    const { index } = mode;
    const initial = services[index];
    body = (
      <ServiceForm
        initial={initial}
        postgresTargets={postgresTargetNames(services, settings.data.secureJsonFields)}
        errors={errorsOfService(save.error?.fields ?? [], index)}
        saving={save.saving}
        onCancel={() => go({ kind: 'list' })}
        onSave={(service) => {
          const next = initial ? services.map((old, i) => (i === index ? service : old)) : [...services, service];
          void persist(next, initial ? `${service.name} updated.` : `${service.name} added.`);
        }}
      />
    );
  } else if (mode.kind === 'addAll') {
    body = (
      <AddFromLabel
        services={services}
        saving={save.saving}
        onCancel={() => go({ kind: 'list' })}
        onAdd={(added) => void persist([...services, ...added], `${added.map((a) => a.name).join(', ')} added.`)}
      />
    );
  } else if (services.length === 0) {
    body = (
      <EmptyState
        variant="call-to-action"
        message="No services yet"
        button={adding ? <Stack gap={1}>{adding}</Stack> : undefined}
      >
        <p>{PURPOSE}</p>
        {!isAdmin && <p>An admin of this organization adds them.</p>}
      </EmptyState>
    );
  } else {
    body = (
      <ServiceList
        services={services}
        busy={save.saving}
        onEdit={isAdmin ? (index) => go({ kind: 'edit', index }) : undefined}
        onRemove={
          isAdmin
            ? (index) =>
                void persist(
                  services.filter((_, i) => i !== index),
                  `${services[index].name} removed.`
                )
            : undefined
        }
      />
    );
  }

  // Refusals the form does not show at a field: of other services, or of the catalog as a whole.
  const shownAtFields = mode.kind === 'edit' ? errorsOfService(save.error?.fields ?? [], mode.index).length : 0;
  return (
    <PluginPage subTitle={PURPOSE} actions={actions}>
      {saved && (
        <Alert severity="success" title="Saved">
          {saved}
        </Alert>
      )}
      {save.error && (
        <Alert severity="error" title="The services were not saved">
          {save.error.message}
          {shownAtFields > 0 && ' The fields marked below say why.'}
          <FieldErrorList
            fields={save.error.fields.filter(
              (f) => mode.kind !== 'edit' || !f.path.startsWith(`services[${mode.index}].`)
            )}
            whole="(services)"
          />
        </Alert>
      )}
      {body}
      <p className={s.note}>
        The catalog can also be provisioned: put the exported JSON under <code>jsonData.services</code> of the app in{' '}
        <code>provisioning/plugins/apps.yaml</code> (see the README&apos;s configuration table). Grafana applies that
        file at every start, replacing what was saved here.
      </p>
    </PluginPage>
  );
}

export default ServicesPage;

const getStyles = (theme: GrafanaTheme2) => ({
  note: css({
    marginTop: theme.spacing(4),
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
});
