/**
 * Stands in for @floating-ui/dom in Jest (moduleNameMapper in jest.config.js): the real
 * module, but positions are computed against a fixed viewport instead of the DOM.
 *
 * jsdom lays nothing out (every box is 0×0 at 0,0), so the real platform learns nothing,
 * yet it calls getComputedStyle on every ancestor of every Combobox, Tooltip and menu,
 * on each render and again from autoUpdate. Each jsdom getComputedStyle walks all the
 * CSS rules @grafana/ui's emotion styles inserted: that was a third of a page test's CPU
 * time, and the reason page tests passed Jest's 5 s when two workers shared busy cores.
 * The middleware (autoPlacement, size, flip, …) still runs, on the same zero-sized boxes.
 */
import path from 'path';
import type { ComputePositionConfig, ReferenceElement, FloatingElement } from '@floating-ui/dom';

// The real file by its path, which the moduleNameMapper entry (the bare name) does not match
// (and which the package's "exports" would refuse as a subpath).
const actual = jest.requireActual(
  path.join(__dirname, '../../node_modules/@floating-ui/dom/dist/floating-ui.dom.umd.js')
);
const core = jest.requireActual('@floating-ui/core');

const box = { x: 0, y: 0, width: 0, height: 0 };

const layoutFreePlatform = {
  getElementRects: () => ({ reference: box, floating: box }),
  getDimensions: () => ({ width: 0, height: 0 }),
  getClippingRect: () => ({ x: 0, y: 0, width: window.innerWidth, height: window.innerHeight }),
  getClientRects: () => [],
  getOffsetParent: () => window,
  getScale: () => ({ x: 1, y: 1 }),
  isElement: (value: unknown) => value instanceof Element,
  getDocumentElement: () => document.documentElement,
  isRTL: () => false,
};

module.exports = {
  ...actual,
  computePosition: (
    reference: ReferenceElement,
    floating: FloatingElement,
    options: Partial<ComputePositionConfig> = {}
  ) =>
    core.computePosition(reference, floating, { ...options, platform: { ...options.platform, ...layoutFreePlatform } }),
  // Nothing in jsdom scrolls, resizes or moves: position once, as autoUpdate does first.
  autoUpdate: (_reference: ReferenceElement, _floating: FloatingElement, update: () => void) => {
    update();
    return () => {};
  },
};
