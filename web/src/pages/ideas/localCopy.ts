// The unsent local copy of a golden idea being written: every keystroke is written to localStorage
// before the server has it, so closing the browser, losing the network or the session loses nothing.
// The copy is removed as soon as the server has saved exactly that text; it belongs to its writer
// and goes at sign-out (drafts.ts clearAllDrafts sweeps the same prefix).
import type { Id } from '../../types';
import type { IdeaContent } from './ideasApi';

const PREFIX = 'jdz.draft.idea.';

export type LocalCopy = {
  owner: string;
  /** The server's idea, or null before the draft was created. */
  ideaId: number | null;
  /** The version the copy was edited from (null before creation). */
  baseVersion: number | null;
  /** The create request's clientId: a retry after reopening makes the same single draft. */
  clientId: string;
  values: IdeaContent;
  savedAt: number;
};

const keyOf = (owner: Id, ideaId: number | null) => `${PREFIX}${owner}.${ideaId ?? 'new'}`;

export function writeCopy(c: LocalCopy): void {
  try {
    localStorage.setItem(keyOf(c.owner, c.ideaId), JSON.stringify(c));
  } catch {
    /* storage full or blocked: the server copy still saves */
  }
}

export function readCopy(owner: Id, ideaId: number | null): LocalCopy | null {
  try {
    const raw = localStorage.getItem(keyOf(owner, ideaId));
    if (!raw) return null;
    const c = JSON.parse(raw) as LocalCopy;
    return c.owner === String(owner) && c.values && typeof c.values.body === 'string' ? c : null;
  } catch {
    return null;
  }
}

export function dropCopy(owner: Id, ideaId: number | null): void {
  try {
    localStorage.removeItem(keyOf(owner, ideaId));
  } catch {
    /* ignore */
  }
}

export function sameContent(a: IdeaContent, b: IdeaContent): boolean {
  return (
    a.contactName === b.contactName &&
    a.contactPhone === b.contactPhone &&
    a.authorship === b.authorship &&
    a.authors.join('\u0000') === b.authors.join('\u0000') &&
    a.topic === b.topic &&
    a.title === b.title &&
    a.body === b.body &&
    a.pledge === b.pledge
  );
}
