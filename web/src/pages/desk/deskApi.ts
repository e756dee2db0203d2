// The bureau's desk as it reads the API (shapes of src/modules/ideas/ideas.schema.ts): counts per
// unit, the list of ideas with its filters, batches; and the query string the exports share with
// the list.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { STATUS_LABELS, type IdeaStatus } from '../../../../src/modules/ideas/ideas.states';
import type { Locale } from '../../i18n';
import type { Batch } from '../ideas/ideasApi';

export type Standing = 'none' | 'below' | 'ok';

export type UnitCount = {
  unitId: number;
  code: string;
  name: string;
  type: string;
  sectorId: number;
  sectorName: string;
  submitted: number;
  received: number;
  inReview: number;
  returned: number;
  standing: Standing;
};

export type SectorCount = { sectorId: number; sectorName: string; units: number; none: number; below: number; ok: number; submitted: number };

export type Summary = {
  campaignId: number;
  ideasMin: number;
  ideasMax: number;
  units: UnitCount[];
  sectors: SectorCount[];
  totals: { units: number; none: number; below: number; ok: number; submitted: number; received: number };
};

export type DeskIdea = {
  id: number;
  unit: { id: number; code: string; name: string; type: string; sectorId: number; sectorName: string };
  authorName: string;
  status: IdeaStatus;
  contactName: string;
  contactPhone: string;
  phoneMasked: boolean;
  authorship: string;
  authors: string[];
  topic: string;
  title: string;
  charCount: number;
  receiptNo: string | null;
  batchId: number | null;
  imported: boolean;
  late: boolean;
  submittedAt: string | null;
  receivedAt: string | null;
  updatedAt: string;
};

export type IdeaPage = { items: DeskIdea[]; total: number; page: number; pageSize: number };

export type DeskBatch = Batch;

export type BatchDetail = DeskBatch & {
  ideas: { id: number; title: string; status: IdeaStatus; receiptNo: string | null; charCount: number; topic: string; inBatch: boolean }[];
};

export type CurrentCampaign = { id: number; title: string; topics: string[]; ideasMin: number; ideasMax: number; minChars: number };

/** The list's filters, kept in the URL (names as GET /api/ideas takes them). */
export const FILTER_KEYS = ['sectorId', 'unitId', 'unitType', 'topic', 'status', 'authorship', 'minChars', 'maxChars', 'late', 'imported', 'q'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function filterQuery(values: Filters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = values[k]?.trim();
    if (v) out[k] = v;
  }
  return out;
}

export function statusLabel(status: string, locale: Locale): string {
  return STATUS_LABELS[status as IdeaStatus]?.[locale] ?? status;
}

/** Solid tag colours with white text (antd's light presets fail the contrast check). */
export const TAG = { red: '#a8071a', orange: '#ad4e00', green: '#237804', blue: '#0050b3', cyan: '#006d75', volcano: '#ad2102', purple: '#531dab', grey: '#595959' };

export const STATUS_COLOR: Record<IdeaStatus, string> = {
  draft: TAG.grey,
  sent: TAG.cyan,
  returned: TAG.orange,
  approved: TAG.purple,
  submitted: TAG.blue,
  received: TAG.green,
};

export function useSummary(enabled = true) {
  return useQuery({ queryKey: ['ideas', 'summary'], queryFn: () => api.get<Summary>('/api/ideas/summary'), enabled, retry: false });
}

export function useCampaign() {
  return useQuery({ queryKey: ['ideas', 'desk-campaign'], queryFn: () => api.get<CurrentCampaign>('/api/campaigns/current'), retry: false, staleTime: 60_000 });
}
