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
