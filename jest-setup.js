// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';
import { installComputedStyle } from './src/testing/computedStyle';

// jsdom's getComputedStyle, with the same answers in a fraction of the time (see the file).
installComputedStyle(window);

// jsdom has no canvas. @grafana/ui's Combobox sizes its menu with a 2D context's
// measureText, and the scaffold's stub returns no context at all.
HTMLCanvasElement.prototype.getContext = function getContext() {
  return { font: '', measureText: (text) => ({ width: String(text).length * 8 }) };
};

// jsdom has no IntersectionObserver; @grafana/ui's Combobox menu watches its scroll edges with one.
window.IntersectionObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

// Each rendered root gets its own TanStack Query cache, as in Grafana (see the file).
jest.mock('@testing-library/react', () => require('./src/testing/serverState').testingLibraryWithServerState());

// jsdom has no ResizeObserver: @grafana/ui's Drawer and the graphs' tooltip watch sizes with one. This one never
// reports, so a graph keeps the width it measured when it mounted.
if (!window.ResizeObserver) {
  window.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}
