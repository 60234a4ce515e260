/**
 * Runs fn while elements report a size. @grafana/ui's Combobox virtualises its option list and
 * renders options only into a box with a size, which jsdom never gives.
 */
export async function withSizedLayout(fn: () => Promise<void>): Promise<void> {
  const height = jest.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(300);
  const width = jest.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(300);
  try {
    await fn();
  } finally {
    height.mockRestore();
    width.mockRestore();
  }
}

/**
 * Gives jsdom a ResizeObserver that never reports, for a test that opens a @grafana/ui Drawer (its
 * title truncates with one); returns the function that takes it away again. Not installed for every
 * test: MetricGraph sizes itself only where ResizeObserver exists.
 */
export function stubResizeObserver(): () => void {
  window.ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
  // @ts-expect-error: back to jsdom's window, which has none.
  return () => delete window.ResizeObserver;
}
