// Reading the labelled corpora of `originality eval` (format: ../shared/data/originality/README.md):
// one JSON object per line; a bad line stops the run with its line number, in Chinese and English.
import fs from 'node:fs';
import type { SourceDocument } from '../engine/index.ts';

export class InputError extends Error {}

export interface TruthEntry {
  source: string;
  type: string;
}

export interface EvalQuery {
  id: string;
  text: string;
  category?: string;
  truth?: TruthEntry[];
  family?: string;
  unit?: string;
  year?: number;
}

type Row = Record<string, unknown>;

function readRows(file: string): Array<{ line: number; row: Row }> {
  let content: string;
  try {
    content = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`无法读取文件 ${file} / cannot read ${file}: ${(e as Error).message}`);
  }
  const rows: Array<{ line: number; row: Row }> = [];
  content.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new InputError(`${file} 第 ${line} 行不是有效的 JSON / line ${line} is not valid JSON: ${(e as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(`${file} 第 ${line} 行应为 JSON 对象 / line ${line} must be a JSON object`);
    rows.push({ line, row: value as Row });
  });
  return rows;
}

function field(file: string, line: number, row: Row, name: string): string {
  const v = row[name];
  if (typeof v !== 'string' || v === '') throw new InputError(`${file} 第 ${line} 行缺少字符串字段 "${name}" / line ${line}: missing string field "${name}"`);
  return v;
}

function optionalString(file: string, line: number, row: Row, name: string): string | undefined {
  const v = row[name];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new InputError(`${file} 第 ${line} 行字段 "${name}" 应为字符串 / line ${line}: field "${name}" must be a string`);
  return v;
}

function optionalYear(file: string, line: number, row: Row): number | undefined {
  const v = row.year;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new InputError(`${file} 第 ${line} 行字段 "year" 应为整数 / line ${line}: field "year" must be an integer`);
  return v;
}

function uniqueId(file: string, line: number, id: string, seen: Set<string>) {
  if (seen.has(id)) throw new InputError(`${file} 第 ${line} 行的 id "${id}" 重复 / line ${line}: duplicate id "${id}"`);
  seen.add(id);
}

export function readDocuments(file: string): SourceDocument[] {
  const seen = new Set<string>();
  return readRows(file).map(({ line, row }) => {
    const id = field(file, line, row, 'id');
    uniqueId(file, line, id, seen);
    const kind = optionalString(file, line, row, 'kind');
    return {
      id,
      text: field(file, line, row, 'text'),
      title: optionalString(file, line, row, 'title'),
      family: optionalString(file, line, row, 'family'),
      unit: optionalString(file, line, row, 'unit'),
      year: optionalYear(file, line, row),
      kind: kind === 'idea' || kind === 'reference' ? kind : undefined,
    };
  });
}

export function readQueries(file: string): EvalQuery[] {
  const seen = new Set<string>();
  return readRows(file).map(({ line, row }) => {
    const id = field(file, line, row, 'id');
    uniqueId(file, line, id, seen);
    let truth: TruthEntry[] | undefined;
    if (row.truth !== undefined && row.truth !== null) {
      if (!Array.isArray(row.truth)) throw new InputError(`${file} 第 ${line} 行字段 "truth" 应为数组 / line ${line}: field "truth" must be an array`);
      truth = row.truth.map((t: unknown) => {
        if (typeof t !== 'object' || t === null) throw new InputError(`${file} 第 ${line} 行 truth 的元素应为对象 / line ${line}: truth entries must be objects`);
        const e = t as Row;
        return { source: field(file, line, e, 'source'), type: field(file, line, e, 'type') };
      });
    }
    return {
      id,
      text: field(file, line, row, 'text'),
      category: optionalString(file, line, row, 'category'),
      truth,
      family: optionalString(file, line, row, 'family'),
      unit: optionalString(file, line, row, 'unit'),
      year: optionalYear(file, line, row),
    };
  });
}
