// The originality check (查重) as the pages read it: shapes inferred from the server's zod schemas
// (src/modules/originality/originality.schema.ts), queries, and the figure helpers shared with the
// report PDF (src/modules/originality/print/segments.ts).
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api';
import type {
  CheckOut,
  ReferenceListOut,
  ReferenceOut,
  ReportOut,
  ReportPageOut,
  ReportSourceOut,
  StockListOut,
  SummariesOut,
  SummaryOut,
  ThresholdsOut,
} from '../../../../src/modules/originality/originality.schema';
import './originality.css';

export { levelOf, percent } from '../../../../src/modules/originality/print/segments';

export type Check = z.infer<typeof CheckOut>;
export type Summary = z.infer<typeof SummaryOut>;
export type Report = z.infer<typeof ReportOut>;
export type ReportSource = z.infer<typeof ReportSourceOut>;
export type ReportPage = z.infer<typeof ReportPageOut>;
export type Reference = z.infer<typeof ReferenceOut>;
export type ReferenceList = z.infer<typeof ReferenceListOut>;
export type StockList = z.infer<typeof StockListOut>;
export type ThresholdsDto = z.infer<typeof ThresholdsOut>;
export type Level = NonNullable<Summary['level']>;

/** A check still on its way: the page polls until it is done or failed. */
export function isRunning(status: Summary['status'] | undefined): boolean {
  return status === 'queued' || status === 'running';
}

const POLL_MS = 1500;

export function useReportPage(ideaId: number) {
  return useQuery({
    queryKey: ['originality', 'report', ideaId],
    queryFn: () => api.get<ReportPage>(`/api/ideas/${ideaId}/originality`),
    refetchInterval: (q) => (isRunning(q.state.data?.summary.status) ? POLL_MS : false),
  });
}

export function useSummary(ideaId: number, enabled = true) {
  return useQuery({
    queryKey: ['originality', 'summary', ideaId],
    queryFn: () => api.get<Summary>(`/api/ideas/${ideaId}/originality/summary`),
    enabled,
    retry: false,
    refetchInterval: (q) => (isRunning(q.state.data?.status) ? POLL_MS * 2 : false),
  });
}

/** The figures of many ideas in one request (lists); ideas the caller may not see are left out. */
export function useSummaries(ideaIds: number[], enabled = true) {
  const ids = [...new Set(ideaIds)].sort((a, b) => a - b).slice(0, 200);
  return useQuery({
    queryKey: ['originality', 'summaries', ids.join(',')],
    queryFn: async () => {
      const r = await api.get<z.infer<typeof SummariesOut>>('/api/originality/summaries', { ids: ids.join(',') });
      return new Map(r.items.map((s) => [s.ideaId, s]));
    },
    enabled: enabled && ids.length > 0,
    retry: false,
    refetchInterval: (q) => ([...(q.state.data?.values() ?? [])].some((s) => isRunning(s.status)) ? POLL_MS * 2 : false),
  });
}

export function useThresholds(enabled = true) {
  return useQuery({ queryKey: ['originality', 'thresholds'], queryFn: () => api.get<ThresholdsDto>('/api/originality/thresholds'), enabled, staleTime: 60_000 });
}

export function useReferences() {
  return useQuery({ queryKey: ['originality', 'references'], queryFn: () => api.get<ReferenceList>('/api/originality/references') });
}

export function useStockPhrases() {
  return useQuery({ queryKey: ['originality', 'stock'], queryFn: () => api.get<StockList>('/api/originality/stock-phrases') });
}

/** Where the report of an idea is, and its PDF. */
export const reportPath = (ideaId: number) => `/ideas/${ideaId}/originality`;
export const reportPdfUrl = (ideaId: number) => `/api/ideas/${ideaId}/originality/report.pdf`;
