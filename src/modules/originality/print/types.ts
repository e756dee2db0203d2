// Plain data the printed originality report is made from (the route fills it from the report API's
// data; the renderer knows nothing about the database). Offsets are the engine's: UTF-16 code units
// of the original texts, end exclusive.
import type { FontChoice } from '../../ideas/print/fonts.ts';

export interface PaperPassage {
  queryStart: number;
  queryEnd: number;
  sourceStart: number;
  sourceEnd: number;
  matchedChars: number;
}

export interface PaperSource {
  title: string;
  kind: 'idea' | 'reference';
  /** Where it comes from, as the reader may see it: a unit and year for an idea, the origin of a reference. */
  detail?: string | null;
  similarity: number;
  matchedChars: number;
  quotationChars: number;
  sameUnitEarlierYear: boolean;
  passages: PaperPassage[];
  /** The source's text, when the reader may see it; its passages are printed beside the submission's. */
  text?: string | null;
}

export interface ReportPaper {
  /** The idea's title. */
  title: string;
  unitName: string;
  receiptNo?: string | null;
  /** When the check ran (ISO) and why (送交单位 / 封存 / 手动). */
  checkedAt: string;
  reason?: 'send' | 'seal' | 'manual' | string | null;
  /** The idea was changed after this check (the paper says so). */
  stale?: boolean;
  /** The text that was checked. */
  text: string;
  totalChars: number;
  similarity: number;
  copiedChars: number;
  quotationChars: number;
  stockChars: number;
  spans: { start: number; end: number; label: 'copied' | 'stock' | 'quotation' }[];
  /** Ranked, highest similarity first. */
  sources: PaperSource[];
  /** The bureau's thresholds as shares (0.3 = 30 %). */
  thresholds: { red: number; orange: number };
  /** Who printed it and when (ISO). */
  printedBy: string;
  printedAt: string;
}

export interface PaperOptions {
  fonts?: FontChoice;
  onMissingGlyphs?: (chars: string[]) => void;
}

export const REASON_LABELS: Record<string, string> = { send: '送交单位审核时', seal: '单位封存报送时', manual: '手动检测' };
