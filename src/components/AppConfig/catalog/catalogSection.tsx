import React from 'react';
import { Alert, LinkButton, Stack } from '@grafana/ui';

import type { CatalogService } from '../../../api/client';
import { prefixRoute, ROUTES } from '../../../constants';
import { FieldErrorList } from '../shared/fieldErrors';
import type { ConfigSection, SectionProps } from '../shared/section';

export interface CatalogForm {
  /** The catalog as stored: edited on the Services page, sent back untouched from here. */
  services?: CatalogService[];
}

function CatalogLine({ form, errors }: SectionProps<CatalogForm>) {
  const count = form.services?.length ?? 0;
  return (
    <section aria-label="Service catalog">
      <Stack alignItems="center" gap={1}>
        <span>
          Service catalog: {count} {count === 1 ? 'service' : 'services'} —
        </span>
        <LinkButton size="sm" variant="primary" fill="text" href={prefixRoute(ROUTES.Services)}>
          Edit on the Services page
        </LinkButton>
      </Stack>
      {errors.length > 0 && (
        <Alert severity="error" title="The service catalog needs fixing on the Services page">
          <FieldErrorList fields={errors} whole="services" />
        </Alert>
      )}
    </section>
  );
}

/**
 * The service catalog, edited on its own page. Grafana replaces jsonData as a whole, so saving this
 * page sends the stored catalog back exactly as it came.
 */
export const catalogSection: ConfigSection<CatalogForm> = {
  key: 'catalog',
  owns: ['services'],
  fromSettings: (jsonData) => ({ services: jsonData?.services }),
  toSettings: (form) => ({ jsonData: { services: form.services } }),
  render: (props) => <CatalogLine {...props} />,
};
