// Autosave of the golden-idea form: the first input creates the draft (POST with a clientId, so a
// retried create makes one draft), later input is saved with PUT and the `version` it was loaded
// at, debounced, and at once on blur, when the page is hidden and on pagehide (keepalive). Every
// change is first written to the local copy (localCopy.ts), which goes once the server has it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isApiError, request } from '../../api';
import type { Id } from '../../types';
import type { Idea, IdeaContent } from './ideasApi';
import { dropCopy, sameContent, writeCopy } from './localCopy';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: string }
  /** The server could not be reached or refused for a passing reason: the local copy keeps it. */
  | { kind: 'failed'; error: unknown }
  /** Another page or device changed it (VERSION_CONFLICT) or it is no longer editable. */
  | { kind: 'conflict'; error: unknown };

const DEBOUNCE_MS = 1500;
/** Browsers refuse keepalive bodies above 64 KiB. */
const KEEPALIVE_MAX = 60_000;

function normalised(c: IdeaContent): IdeaContent {
  return {
    ...c,
    contactName: c.contactName.trim(),
    title: c.title.trim(),
    body: c.body.replace(/\r\n?/g, '\n'),
    authors: c.authors.map((a) => a.trim()).filter(Boolean),
    contactPhone: c.contactPhone.normalize('NFKC').replace(/[\s()（）]/g, '').replace(/[－—–]/g, '-'),
  };
}

export function contentOf(i: IdeaContent): IdeaContent {
  return { contactName: i.contactName, contactPhone: i.contactPhone, authorship: i.authorship, authors: [...i.authors], topic: i.topic, title: i.title, body: i.body, pledge: i.pledge };
}

export function useAutosave(opts: { owner: Id; idea: Idea | null; clientId: string; onSaved: (idea: Idea) => void }) {
  const { owner, clientId } = opts;
  const idRef = useRef<number | null>(opts.idea?.id ?? null);
  const versionRef = useRef<number | null>(opts.idea?.version ?? null);
  const latest = useRef<IdeaContent | null>(null);
  const saved = useRef<IdeaContent | null>(opts.idea ? contentOf(opts.idea) : null);
  const inflight = useRef<Promise<void> | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const stopped = useRef(false);
  const failed = useRef(false);
  const onSaved = useRef(opts.onSaved);
  onSaved.current = opts.onSaved;
  const [state, setState] = useState<SaveState>({ kind: 'idle' });

  const keepCopy = useCallback(() => {
    if (!latest.current) return;
    writeCopy({ owner: String(owner), ideaId: idRef.current, baseVersion: versionRef.current, clientId, values: latest.current, savedAt: Date.now() });
  }, [owner, clientId]);

  const dirty = () => !!latest.current && !(saved.current && sameContent(latest.current, saved.current));

  const saveNow = useCallback(
    async (keepalive = false): Promise<void> => {
      window.clearTimeout(timer.current);
      while (inflight.current) await inflight.current;
      if (stopped.current || !dirty()) return;
      const values = latest.current!;
      const run = async () => {
        setState({ kind: 'saving' });
        failed.current = false;
        try {
          let idea: Idea;
          if (idRef.current == null) {
            idea = await request<Idea>('/api/ideas', { method: 'POST', body: { ...values, clientId } });
            // A retried create answers the draft made the first time, possibly with older content.
            saved.current = sameContent(normalised(contentOf(idea)), normalised(values)) ? values : null;
            dropCopy(owner, null);
          } else {
            const body = { version: versionRef.current, ...values };
            const small = JSON.stringify(body).length * 3 < KEEPALIVE_MAX;
            idea = await request<Idea>(`/api/ideas/${idRef.current}`, { method: 'PUT', body, keepalive: keepalive && small });
            saved.current = values;
          }
          idRef.current = idea.id;
          versionRef.current = idea.version;
          if (dirty()) keepCopy();
          else dropCopy(owner, idea.id);
          setState({ kind: 'saved', at: idea.updatedAt });
          onSaved.current(idea);
        } catch (e) {
          if (isApiError(e, 'VERSION_CONFLICT') || isApiError(e, 'INVALID_TRANSITION')) {
            stopped.current = true;
            setState({ kind: 'conflict', error: e });
          } else {
            failed.current = true;
            setState({ kind: 'failed', error: e });
          }
        }
      };
      const p = run();
      inflight.current = p;
      try {
        await p;
      } finally {
        inflight.current = null;
      }
      // Typed on while the request was out: save that too (unless it failed: wait for more input).
      if (!stopped.current && dirty() && !failed.current) timer.current = window.setTimeout(() => void saveNow(), DEBOUNCE_MS);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [owner, clientId, keepCopy],
  );

  /** Called on every change of the form. */
  const change = useCallback(
    (values: IdeaContent) => {
      latest.current = values;
      if (!dirty()) return;
      keepCopy();
      if (stopped.current) return;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void saveNow(), DEBOUNCE_MS);
    },
    [keepCopy, saveNow],
  );

  // The page going away (app switch, tab closed, bfcache) saves at once; the listeners read the
  // latest saveNow through a ref so that re-renders never drop a pending debounced save.
  const saveRef = useRef(saveNow);
  saveRef.current = saveNow;
  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === 'hidden') void saveRef.current(true);
    };
    const pagehide = () => void saveRef.current(true);
    const online = () => void saveRef.current();
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', pagehide);
    window.addEventListener('online', online);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', pagehide);
      window.removeEventListener('online', online);
      // Leaving the form inside the app (menu, back): what is pending is saved now, not dropped.
      if (!stopped.current && dirty()) void saveRef.current();
      else window.clearTimeout(timer.current);
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  /** After a conflict: continue from the server's current version (the caller reloaded or chose to overwrite). */
  const rebase = useCallback((idea: Idea, keepLocal: boolean) => {
    idRef.current = idea.id;
    versionRef.current = idea.version;
    saved.current = keepLocal ? null : contentOf(idea);
    if (!keepLocal) latest.current = contentOf(idea);
    stopped.current = false;
    setState({ kind: 'idle' });
  }, []);

  return { change, saveNow, state, rebase, ideaId: () => idRef.current, isDirty: dirty, conflicted: () => stopped.current };
}
