// Golden ideas, batches, the current campaign and the to-do list as the pages read them
// (shapes of src/modules/ideas/ideas.schema.ts and campaigns.schema.ts).
import { useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import './ideas.css';
import { api, isApiError, request } from '../../api';
import { STATUS_LABELS, type IdeaStatus } from '../../../../src/modules/ideas/ideas.states';
import type { Locale } from '../../i18n';
import type { Attachment } from './AttachmentList';
import type { z } from 'zod';
import type { BatchOut } from '../../../../src/modules/ideas/ideas.schema';

export type { IdeaStatus };

export type IdeaContent = {
  contactName: string;
  contactPhone: string;
  authorship: string;
  authors: string[];
  topic: string;
  title: string;
  body: string;
  pledge: boolean;
};

export type IdeaSummary = IdeaContent & {
  id: number;
  campaignId: number;
  unit: { id: number; code: string; name: string; type: string; sectorId: number; sectorName: string };
  authorId: number;
  authorName: string;
  status: IdeaStatus;
  phoneMasked: boolean;
  charCount: number;
  version: number;
  receiptNo: string | null;
  batchId: number | null;
  imported: boolean;
  late: boolean;
  lastComment: string | null;
  sentAt: string | null;
  approvedAt: string | null;
  submittedAt: string | null;
  receivedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type IdeaEvent = { id: number; at: string; action: string; fromStatus: string | null; toStatus: string; comment: string | null; actorName: string | null };

export type Idea = IdeaSummary & {
  history: IdeaEvent[];
  /** The extra pages, when the server lists them with the idea. */
  attachments?: Attachment[];
  can: { edit: boolean; delete: boolean; send: boolean; approve: boolean; return: boolean; bureauReturn: boolean; revealPhone: boolean };
};

export type IdeaList = { items: IdeaSummary[]; total: number; page: number; pageSize: number };

/** A batch as the API answers it (BatchOut of the server's schema). */
export type Batch = z.infer<typeof BatchOut>;

export type CurrentCampaign = {
  id: number;
  title: string;
  theme: string;
  topics: string[];
  ideasMin: number;
  ideasMax: number;
  minChars: number;
  authorship: 'both' | 'collective' | 'individual' | string;
  formTitle: string;
  ideasDueAt: string | null;
  currentPhase: { name: string; startsAt: string; endsAt: string } | null;
  nextDeadline: { name: string; kind: string; dueAt: string } | null;
  serverTime: string;
};

export type Todo = {
  campaignId: number | null;
  ideasDueAt: string | null;
  extensionUntil: string | null;
  items: { key: string; count: number; zh: string; en: string; link: string }[];
};

export function statusLabel(status: string, locale: Locale): string {
  return STATUS_LABELS[status as IdeaStatus]?.[locale] ?? status;
}

export const STATUS_COLORS: Record<IdeaStatus, string> = {
  draft: 'default',
  sent: 'processing',
  returned: 'warning',
  approved: 'cyan',
  submitted: 'blue',
  received: 'success',
};

/** The current campaign and how far the server's clock is from this device's (deadlines follow the server). */
export function useCurrentCampaign() {
  return useQuery({
    queryKey: ['ideas', 'campaign'],
    queryFn: async () => {
      try {
        const c = await api.get<CurrentCampaign>('/api/campaigns/current');
        const server = Date.parse(c.serverTime);
        return { campaign: c, skew: Number.isFinite(server) ? server - Date.now() : 0 };
      } catch (e) {
        if (isApiError(e, 'NOT_FOUND')) return { campaign: null, skew: 0 };
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export function useTodo() {
  return useQuery({ queryKey: ['ideas', 'todo'], queryFn: () => api.get<Todo>('/api/campaigns/current/todo') });
}

/** Date.now() every `ms`, shifted to the server's clock. */
export function useServerNow(skew: number, ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), ms);
    return () => window.clearInterval(id);
  }, [ms]);
  return now + skew;
}

/** A random key for Idempotency-Key / clientId (URL-safe, 22+ characters). */
export function randomKey(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** A state-changing call carrying an Idempotency-Key (reused by the caller on retry). */
export function postOnce<T>(path: string, body: unknown, key: string): Promise<T> {
  return request<T>(path, { method: 'POST', body, headers: { 'Idempotency-Key': key } });
}

/** The server's reasons of an IDEA_INCOMPLETE refusal in the user's language. */
export function incompleteReasons(e: unknown, locale: Locale): string[] {
  if (!isApiError(e, 'IDEA_INCOMPLETE')) return [];
  const r = (e.details as { reasons?: Record<string, string>[] } | undefined)?.reasons;
  return Array.isArray(r) ? r.map((x) => x[locale] ?? x['zh-CN'] ?? '').filter(Boolean) : [];
}
