// Test-bed host entry: the start-up order of Grafana's app.ts, reduced to what a plugin sees.
// window.grafanaBootData is already set by index.html (the server fills it in).
import { createRoot } from 'react-dom/client';

import { locationUtil } from '@grafana/data';
import { locationService } from '@grafana/runtime';

import { initSystemJS } from './loader/systemjs';
import { App } from './pages/App';
import { getAppPluginsToPreload, preloadPlugins } from './plugins/importAppPlugin';
import { initServices } from './services/setup';

// Grafana's interceptLinkClicks (app/core/navigation/patch/interceptLinkClicks.ts): a click on a
// same-app <a href> without target becomes a locationService.push instead of a page load.
function interceptLinkClicks(e: MouseEvent) {
  const anchor = e.target instanceof HTMLElement ? e.target.closest('a') : null;
  if (!anchor || e.ctrlKey || e.metaKey || e.defaultPrevented) {
    return;
  }
  let href = anchor.getAttribute('href');
  if (!href || anchor.getAttribute('target')) {
    return;
  }
  e.preventDefault();
  href = locationUtil.stripBaseFromUrl(href);
  if (href[0] !== '/') {
    if (href.includes('://') || /^\s*mailto:/.test(href)) {
      window.location.href = href;
      return;
    }
    href = `/${href}`;
  }
  locationService.push(href);
}

async function boot() {
  // SystemJS treats a System.register() made while the document is still loading as coming from
  // the last <script> and imports that script - this bundle - a second time. The named registers
  // of lazily shared dependencies (initSystemJS) must therefore wait for the parsed document.
  if (document.readyState === 'loading') {
    await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }));
  }
  await initServices();
  // Shared dependencies are registered after the services so plugins see them wired.
  initSystemJS();
  document.addEventListener('click', interceptLinkClicks);
  void preloadPlugins(getAppPluginsToPreload());
  createRoot(document.getElementById('reactRoot')!).render(<App />);
}

boot().catch((e) => {
  console.error('test-bed host failed to start', e);
});
