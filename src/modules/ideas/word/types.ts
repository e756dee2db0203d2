// What the Word extraction produces, per file (the CLI's --json output and the import job's results).
import type { Refusal } from './refusal.ts';

/** The document as the extraction rules see it: paragraphs and tables (row → cell → paragraphs). */
export type Block = { kind: 'p'; text: string } | { kind: 'table'; rows: string[][][] };

export interface ExtractedIdea {
  unitAsWritten: string;
  contact: string;
  /** Normalised: 13800000112 or 0576-87771234; '' when none could be read. */
  phone: string;
  title: string;
  /** Paragraphs separated by "\n". */
  text: string;
  topic?: string;
  authorship?: 'collective' | 'individual';
  authors?: string[];
  charCount: number;
  /** What could not be read, in Chinese (e.g. 未找到联系电话). */
  problems: string[];
}

export interface FileResult {
  file: string;
  ok: boolean;
  error?: Refusal;
  /** Things removed on purpose, in Chinese (e.g. embedded OLE objects were ignored). */
  notices?: string[];
  ideas: ExtractedIdea[];
}
