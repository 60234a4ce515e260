/**
 * Saves `text` as a file named `filename` through the browser's download:
 * a Blob behind an object URL, clicked from an <a download> that is never
 * attached to the page. Attached, Grafana's page-wide link handler
 * (interceptLinkClicks) would cancel the click and navigate the whole tab to
 * the blob: URL instead of downloading; file-saver's saveAs avoids it the
 * same way.
 */
export function downloadText(filename: string, text: string, type = 'text/markdown'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // Revoked after the click has been handled, so the download has its data.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
