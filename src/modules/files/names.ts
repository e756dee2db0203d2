// File names as the user sent them. They never name anything on disk or in a URL (stored files are
// database rows with generated ids); they are checked (NUL, double extensions, the allowlist) and
// kept, cleaned, for display and for the download's Content-Disposition only.
import { FileRejected, reject } from './rejection.ts';

export type FileKind = 'image' | 'pdf' | 'docx' | 'doc';

/** The allowlist (row 39): extension → the kind its content must be. */
export const ALLOWED_EXTENSIONS: Record<string, FileKind> = {
  '.docx': 'docx',
  '.doc': 'doc',
  '.pdf': 'pdf',
  '.jpg': 'image',
  '.jpeg': 'image',
  '.png': 'image',
  '.webp': 'image',
};

/** Extensions that, anywhere in a name, mark an attempt to get a script or program run or rendered. */
const DANGEROUS = new Set(
  'php php3 php4 php5 php7 phtml phar pht asp aspx ascx ashx asmx cer jsp jspx jsf cgi pl py rb sh bash ps1 psm1 bat cmd com exe dll scr msi msp vbs vbe js jse mjs wsf wsh hta html htm xhtml shtml svg svgz xml xsl jar war apk lnk reg'.split(' '),
);

const MACRO = new Set(['.docm', '.dotm', '.xlsm', '.xltm', '.pptm', '.potm', '.ppsm']);

/** What is shown and sent back: no path, no control characters, at most 200 characters. */
export function displayName(raw: string): string {
  // The last path component only: browsers send "C:\fakepath\x.pdf" or "../../x.pdf" at times.
  const base = raw.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    // C0/C1 controls, DEL, bidi overrides and zero-width characters that disguise an extension.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .trim()
    .replace(/^\.+/, '');
  if (clean.length <= 200) return clean;
  const ext = extensionOf(clean);
  return clean.slice(0, 200 - ext.length) + ext;
}

/** The final extension, lower case with its dot ('' when there is none). */
export function extensionOf(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i).toLowerCase() : '';
}

/**
 * Checks the name as sent and returns the display name and the kind its extension promises.
 * Throws FileRejected with the specific reason.
 */
export function checkName(raw: string): { name: string; ext: string; kind: FileKind } {
  if (raw.includes('\u0000') || /%00/i.test(raw)) throw reject.nulInName();
  const name = displayName(raw);
  if (!name) throw reject.emptyName();
  const parts = name.toLowerCase().split('.').slice(1);
  const ext = extensionOf(name);
  const inner = parts.slice(0, -1).map((p) => p.trim());
  // "a.jpg.php", "a.php.jpg", "a.pdf.exe": an inner or outer script/program extension next to another one.
  if (inner.length && (DANGEROUS.has(ext.slice(1)) || inner.some((p) => DANGEROUS.has(p)))) {
    if (inner.some((p) => `.${p}` in ALLOWED_EXTENSIONS || DANGEROUS.has(p))) throw reject.doubleExtension(name);
  }
  if (MACRO.has(ext)) throw reject.macroExtension(ext);
  if (ext === '.heic' || ext === '.heif') throw reject.heic();
  if (ext === '.svg' || ext === '.svgz') throw reject.svg();
  if (ext === '.html' || ext === '.htm' || ext === '.xhtml') throw reject.html();
  if (DANGEROUS.has(ext.slice(1))) throw reject.executable();
  const kind = ALLOWED_EXTENSIONS[ext];
  if (!kind) throw reject.extensionNotAllowed(ext);
  return { name, ext, kind };
}

/** `attachment; filename="ascii fallback"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987). */
export function contentDisposition(name: string): string {
  const ext = extensionOf(name);
  const fallbackBase = name
    .slice(0, name.length - ext.length)
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .replace(/_+/g, '_');
  const fallback = (/[A-Za-z0-9]/.test(fallbackBase) ? fallbackBase : 'attachment') + ext.replace(/[^a-z0-9.]/g, '');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export { FileRejected };
