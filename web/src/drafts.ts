// Unsaved form text survives a session timeout: forms write their values to sessionStorage as the
// user types and restore them after signing in again (security checklist row 7). Drafts belong to
// the user who wrote them and are wiped at sign-out (row 32). Never used for password fields.
import type { Id } from './types';

const PREFIX = 'jdz.draft.';

/** `target` is the record being edited (null when creating), so the form can reopen as it was. */
export type Draft<T, R = unknown> = { owner: string; target: R | null; values: T; savedAt: number };

export function saveDraft<T, R>(form: string, owner: Id, target: R | null, values: T): void {
  try {
    const d: Draft<T, R> = { owner: String(owner), target, values, savedAt: Date.now() };
    sessionStorage.setItem(PREFIX + form, JSON.stringify(d));
  } catch {
    /* storage full or blocked: the form still works, only without a draft */
  }
}

export function loadDraft<T, R = unknown>(form: string, owner: Id | undefined): Draft<T, R> | null {
  if (owner === undefined) return null;
  try {
    const raw = sessionStorage.getItem(PREFIX + form);
    if (!raw) return null;
    const d = JSON.parse(raw) as Draft<T, R>;
    return d.owner === String(owner) ? d : null;
  } catch {
    return null;
  }
}

export function clearDraft(form: string): void {
  try {
    sessionStorage.removeItem(PREFIX + form);
  } catch {
    /* ignore */
  }
}

/** At sign-out: no personal data stays in the browser. */
export function clearAllDrafts(): void {
  try {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith(PREFIX)) sessionStorage.removeItem(k);
    sessionStorage.removeItem(EXPIRED_KEY);
    // Golden-idea texts not yet saved on the server are kept in localStorage (they must survive
    // closing the browser); they go at sign-out too.
    for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
  } catch {
    /* ignore */
  }
}

const EXPIRED_KEY = 'jdz.sessionExpired';
export function markSessionExpired(): void {
  try {
    sessionStorage.setItem(EXPIRED_KEY, '1');
  } catch {
    /* ignore */
  }
}
export function takeSessionExpired(): boolean {
  try {
    return sessionStorage.getItem(EXPIRED_KEY) === '1';
  } catch {
    return false;
  }
}
export function clearSessionExpired(): void {
  try {
    sessionStorage.removeItem(EXPIRED_KEY);
  } catch {
    /* ignore */
  }
}
