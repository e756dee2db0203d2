// Normalisation used for identities (security checklist row 1): NFKC folds full-width digits and
// letters (１３８… → 138…), then case folding for usernames.
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase();
}

export function normalizeMobile(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s-]/g, '');
}

/** Mainland mobile number (row 22): ^1[3-9]\d{9}$ after NFKC. */
export const MOBILE_RE = /^1[3-9]\d{9}$/;

export function isMobile(raw: string): boolean {
  return MOBILE_RE.test(normalizeMobile(raw));
}

/** Masks a mobile number for roles that may not see it whole: 138****1234. */
export function maskMobile(mobile: string | null): string | null {
  if (!mobile) return mobile;
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '****';
}
