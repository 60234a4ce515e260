import { useEffect, useState } from 'react';

import {
  type AppJsonData,
  type CatalogService,
  getAppSettings,
  updateAppSettings,
  validateSettings,
} from '../../api/client';
import { withServices } from './catalogEdit';

/**
 * Saves `services` as the catalog: reads the settings as Grafana stores them now, replaces only
 * jsonData.services, has the back end check the result (a 400 names `services[i].field`), then
 * writes it. Secrets are not sent, so Grafana keeps every stored one. Resolves the saved jsonData.
 */
export async function saveCatalog(services: CatalogService[]): Promise<AppJsonData> {
  const current = await getAppSettings();
  const jsonData = withServices(current.jsonData, services);
  await validateSettings(jsonData);
  await updateAppSettings({ enabled: current.enabled, pinned: current.pinned, jsonData });
  return jsonData;
}

const SAVED_KEY = 'warroom-services-saved';

/**
 * Grafana hands plugins their settings when the page loads, so after a save the page is loaded
 * again (as the configuration page does); what was saved is said once the new page is up.
 */
export function reloadAfterSave(what: string): void {
  window.sessionStorage.setItem(SAVED_KEY, what);
  window.location.reload();
}

/** What the save before the reload said, if it was this page load's: shown once, then forgotten. */
export function useSavedNotice(): string | undefined {
  // Read in the initializer, forgotten in an effect: an initializer may run twice (React's strict mode).
  const [saved] = useState(() => window.sessionStorage.getItem(SAVED_KEY) ?? undefined);
  useEffect(() => window.sessionStorage.removeItem(SAVED_KEY), []);
  return saved;
}
