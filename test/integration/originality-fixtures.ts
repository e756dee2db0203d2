// Originality fixtures over HTTP: the labelled corpus of ../shared/data/originality read in place,
// ideas written from its texts, and waiting for a check to finish.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { Client } from '../helpers/http.ts';
import { completeForm } from '../helpers/ideas.ts';
import { requireSharedData } from '../helpers/env.ts';

export interface CorpusDoc {
  id: string;
  kind: 'idea' | 'reference';
  title: string;
  text: string;
  unit?: string;
}
export interface CorpusQuery {
  id: string;
  category: string;
  title: string;
  text: string;
  truth: Array<{ source: string; type: string }>;
}

const readJsonl = <T>(file: string): T[] =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

export function originalityCorpus() {
  const dir = path.join(requireSharedData().dir, 'originality');
  const docs = new Map(readJsonl<CorpusDoc>(path.join(dir, 'documents.jsonl')).map((d) => [d.id, d]));
  const queries = new Map(readJsonl<CorpusQuery>(path.join(dir, 'queries.jsonl')).map((q) => [q.id, q]));
  return { docs, queries };
}

/** A complete idea with this title and text, sent to the unit; returns its id. */
export async function sendIdeaWith(member: Client, title: string, body: string): Promise<number> {
  const c = await member.post('/api/ideas', completeForm({ title: title.slice(0, 200), body }));
  expect(c.status, c.text).toBe(201);
  const s = await member.post(`/api/ideas/${c.body.id}/send`, {});
  expect(s.status, s.text).toBe(200);
  return c.body.id;
}

/** Polls the figure until the newest check has finished (done or failed). */
export async function waitForCheck(client: Client, ideaId: number, timeoutMs = 30_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = await client.get(`/api/ideas/${ideaId}/originality/summary`);
    expect(r.status, r.text).toBe(200);
    if (r.body.status === 'done' || r.body.status === 'failed') return r.body;
    if (Date.now() > until) throw new Error(`check of idea ${ideaId} still ${r.body.status}`);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/** Asks for a check (unit admin or bureau) and waits for its report. */
export async function checkNow(admin: Client, ideaId: number): Promise<any> {
  const r = await admin.post(`/api/ideas/${ideaId}/originality/checks`, {});
  expect(r.status, r.text).toBe(202);
  const until = Date.now() + 30_000;
  for (;;) {
    const s = await admin.get(`/api/ideas/${ideaId}/originality/summary`);
    if (s.body.check?.id >= r.body.id && (s.body.status === 'done' || s.body.status === 'failed')) break;
    if (Date.now() > until) throw new Error(`check ${r.body.id} of idea ${ideaId} did not finish`);
    await new Promise((res) => setTimeout(res, 100));
  }
  const rep = await admin.get(`/api/ideas/${ideaId}/originality`);
  expect(rep.status, rep.text).toBe(200);
  return rep.body;
}
