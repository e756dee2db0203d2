// Upload limits (checklist row 40). Plain constants, exported as one object so a deployment (or a
// test) can lower them in one place; the routes read them on every request.
export const MB = 1024 * 1024;

export const FILE_LIMITS = {
  /** A document (.pdf, .docx, .doc). The multipart stream stops at this size (413). */
  documentBytes: 20 * MB,
  /** An image as uploaded (the web app resizes large photos before sending them). */
  imageBytes: 10 * MB,
  /** Images are decoded only up to this many pixels (row 43: decompression bombs). */
  imagePixels: 50_000_000,
  /** Attachments per golden idea. */
  perIdea: 10,
  /** Bytes of attachments (served copies and private originals) per unit and campaign. */
  unitQuotaBytes: 500 * MB,
  /** How many uploads are checked and written to the database at the same time (memory bound, row 40). */
  concurrentProcessing: 2,
  /** How many images are decoded and re-encoded at the same time (memory and CPU: one core stays free for the event loop). */
  concurrentImages: 1,
};

export function formatBytes(n: number): string {
  if (n >= MB) return `${Math.round((n / MB) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}
