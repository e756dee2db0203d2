// Queries and small helpers for the organisation pages (sectors, units, users).
import { useQuery, keepPreviousData } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { SECTORS } from '../../../../src/shared/roles';
import type { Locale } from '../../../../src/shared/roles';
import { api } from '../../api';
import type { Id, Page, Sector, Unit, User } from '../../types';

export const DEFAULT_PAGE_SIZE = 20;

export function useSectors(enabled = true) {
  return useQuery({ queryKey: ['org', 'sectors'], queryFn: () => api.get<{ items: Sector[] }>('/api/org/sectors'), enabled, select: (d) => d.items });
}

export type UnitQuery = { q?: string; sectorId?: string; type?: string; active?: string; page: number; pageSize: number };
export function useUnits(query: UnitQuery, enabled = true) {
  return useQuery({ queryKey: ['org', 'units', query], queryFn: () => api.get<Page<Unit>>('/api/org/units', query), placeholderData: keepPreviousData, enabled });
}

export function useUnit(id: Id | undefined) {
  return useQuery({ queryKey: ['org', 'unit', String(id)], queryFn: () => api.get<Unit>(`/api/org/units/${id}`), enabled: id !== undefined });
}

export type UserQuery = { q?: string; unitId?: string; role?: string; active?: string; inactiveDays?: string; page: number; pageSize: number };
export function useUsers(query: UserQuery, enabled = true) {
  return useQuery({ queryKey: ['org', 'users', query], queryFn: () => api.get<Page<User>>('/api/org/users', query), placeholderData: keepPreviousData, enabled });
}

/** List filters live in the URL, so Back and reload keep them. */
export function useListParams<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(5, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));
  function set(patch: Partial<Record<K | 'page' | 'pageSize', string | number | undefined>>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || v === null) next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page'); // a new filter starts at page 1
    setParams(next, { replace: true });
  }
  return { values, page, pageSize, set };
}

/** Sector names are stored in Chinese; English comes from the shared list by code or name. */
export function sectorLabel(locale: Locale, s: { code?: string; name: string; nameEn?: string } | null | undefined, fallback = '—'): string {
  if (!s) return fallback;
  if (locale === 'zh-CN') return s.name;
  if (s.nameEn) return s.nameEn;
  const known = SECTORS.find((x) => x.code === s.code || x.name === s.name);
  return known ? known.nameEn : s.name;
}

/** Only the fields that changed (PUT bodies), with '' sent as null. */
export function changedFields<T extends Record<string, unknown>>(before: Partial<T>, after: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(after) as (keyof T)[]) {
    const a = after[k] === '' ? null : after[k];
    const b = before[k] ?? null;
    if (JSON.stringify(a ?? null) !== JSON.stringify(b)) out[k] = a as T[keyof T];
  }
  return out;
}

export function isLocked(u: User, now = Date.now()): boolean {
  return !!u.lockedUntil && Date.parse(u.lockedUntil) > now;
}
