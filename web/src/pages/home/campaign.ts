// Reading GET /api/campaigns/current. The contract leaves `currentPhase` and `nextDeadline` open
// (a name, an index or an object), so both are resolved defensively, falling back to the dates.
import type { Campaign } from '../../types';

function nameOf(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'name' in v) return String((v as { name: unknown }).name);
  return null;
}

/** Index of the current phase; -1 before the first, phases.length after the last. */
export function currentPhaseIndex(c: Campaign, now: number): number {
  if (typeof c.currentPhase === 'number' && c.currentPhase >= 0 && c.currentPhase < c.phases.length) return c.currentPhase;
  const name = nameOf(c.currentPhase);
  if (name) {
    const i = c.phases.findIndex((p) => p.name === name);
    if (i >= 0) return i;
  }
  const i = c.phases.findIndex((p) => now >= Date.parse(p.startsAt) && now <= Date.parse(p.endsAt));
  if (i >= 0) return i;
  if (c.phases.length && now < Date.parse(c.phases[0].startsAt)) return -1;
  // Between two phases: the next one to start is the one to prepare for.
  const upcoming = c.phases.findIndex((p) => now < Date.parse(p.startsAt));
  return upcoming >= 0 ? upcoming : c.phases.length;
}

export function nextDeadline(c: Campaign, now: number): { name: string; dueAt: string } | null {
  const nd = c.nextDeadline;
  if (nd && typeof nd === 'object' && 'dueAt' in nd) {
    const o = nd as { name?: unknown; dueAt: unknown };
    return { name: String(o.name ?? ''), dueAt: String(o.dueAt) };
  }
  const name = nameOf(nd);
  const byName = name ? c.deadlines.find((d) => d.name === name) : undefined;
  if (byName) return byName;
  return [...c.deadlines].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt)).find((d) => Date.parse(d.dueAt) > now) ?? null;
}
