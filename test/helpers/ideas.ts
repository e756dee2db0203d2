// Golden-idea fixtures over HTTP: the 2017 campaign, a complete form, an idea taken to a given state.
import { expect } from 'vitest';
import type { Client } from './http.ts';

/** A suggestion text of exactly `n` 字 (Han characters in paragraphs). */
export function textOf(n: number): string {
  const base = '教师队伍建设是提升教学质量的根本要务我们建议完善校本研修制度';
  const chars = Array.from({ length: n }, (_, i) => base[i % base.length]);
  const lines: string[] = [];
  for (let i = 0; i < n; i += 100) lines.push(chars.slice(i, i + 100).join(''));
  return lines.join('\n');
}

export function completeForm(over: Record<string, unknown> = {}) {
  return {
    contactName: '王老师',
    contactPhone: '13800000123',
    authorship: 'individual',
    authors: ['王老师'],
    topic: '教师队伍建设',
    title: '关于完善校本研修制度的建议',
    body: textOf(520),
    pledge: true,
    ...over,
  };
}

/** The 2017 仙居 campaign (ideas due 2017-10-20 23:59:59.999 +08:00); tests' clocks start 2017-09-20. */
export async function startCampaign2017(admin: Client): Promise<number> {
  const r = await admin.post('/api/campaigns', { template: 'xianju-2017', year: 2017 });
  expect(r.status, r.text).toBe(201);
  return r.body.id;
}

export const IDEAS_DUE_2017 = '2017-10-20T15:59:59.999Z';

/** A member's complete idea, sent to the unit. */
export async function sentIdea(member: Client, over: Record<string, unknown> = {}): Promise<number> {
  const c = await member.post('/api/ideas', completeForm(over));
  expect(c.status, c.text).toBe(201);
  const s = await member.post(`/api/ideas/${c.body.id}/send`, {});
  expect(s.status, s.text).toBe(200);
  return c.body.id;
}

/** A member's idea approved by the unit admin. */
export async function approvedIdea(member: Client, unitAdmin: Client, over: Record<string, unknown> = {}): Promise<number> {
  const id = await sentIdea(member, over);
  const a = await unitAdmin.post(`/api/ideas/${id}/approve`, {});
  expect(a.status, a.text).toBe(200);
  return id;
}
