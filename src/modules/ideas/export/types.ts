// Plain data of the bureau's exports (issue 3, item 7): the routes read the ideas with the filters of
// GET /api/ideas and hand them over; the renderers know nothing about the database.
import type { Authorship } from '../print/types.ts';

export interface ExportIdea {
  id: number;
  receiptNo: string | null;
  batchReceiptNo: string | null;
  sectorCode: string;
  sectorName: string;
  unitCode: string;
  unitName: string;
  unitType: string;
  contactName: string;
  /** Personal data (row 37): only reaches an export when the caller allowed it. */
  contactPhone: string;
  authorship: Authorship;
  authors: string[];
  topic: string;
  title: string;
  body: string;
  charCount: number;
  status: string;
  late: boolean;
  imported: boolean;
  createdAt: string | null;
  sentAt: string | null;
  approvedAt: string | null;
  submittedAt: string | null;
  receivedAt: string | null;
}

export interface Volume {
  campaignTitle: string;
  /** The date printed on the cover (ISO instant; shown as a Chinese date in Asia/Shanghai). */
  date: string;
  ideas: ExportIdea[];
  /** Who compiled it and when, for the colophon (row 37: 导出人 / 导出时间). */
  exportedBy?: string;
  exportedAt?: string;
}

export const STATUS_LABELS: Record<string, { 'zh-CN': string; 'en-US': string }> = {
  draft: { 'zh-CN': '草稿', 'en-US': 'Draft' },
  sent: { 'zh-CN': '已送审', 'en-US': 'Sent to unit' },
  returned: { 'zh-CN': '已退回', 'en-US': 'Returned' },
  approved: { 'zh-CN': '已审核', 'en-US': 'Approved' },
  submitted: { 'zh-CN': '已报送', 'en-US': 'Submitted' },
  received: { 'zh-CN': '已接收', 'en-US': 'Received' },
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status]?.['zh-CN'] ?? status;
}

const collator = new Intl.Collator('zh-CN');

export interface UnitGroup {
  unitCode: string;
  unitName: string;
  unitType: string;
  ideas: ExportIdea[];
}

export interface SectorGroup {
  sectorCode: string;
  sectorName: string;
  units: UnitGroup[];
}

/** Ideas grouped by sector (by sector code) then unit (by name, Chinese collation), ideas by receipt number. */
export function groupVolume(ideas: ExportIdea[]): SectorGroup[] {
  const sectors = new Map<string, SectorGroup>();
  for (const i of ideas) {
    let s = sectors.get(i.sectorCode);
    if (!s) sectors.set(i.sectorCode, (s = { sectorCode: i.sectorCode, sectorName: i.sectorName, units: [] }));
    let u = s.units.find((x) => x.unitCode === i.unitCode);
    if (!u) s.units.push((u = { unitCode: i.unitCode, unitName: i.unitName, unitType: i.unitType, ideas: [] }));
    u.ideas.push(i);
  }
  const out = [...sectors.values()].sort((a, b) => collator.compare(a.sectorCode, b.sectorCode) || collator.compare(a.sectorName, b.sectorName));
  for (const s of out) {
    s.units.sort((a, b) => collator.compare(a.unitName, b.unitName) || collator.compare(a.unitCode, b.unitCode));
    for (const u of s.units) u.ideas.sort((a, b) => collator.compare(a.receiptNo ?? '~', b.receiptNo ?? '~') || a.id - b.id);
  }
  return out;
}

/** "2017年10月25日" in Asia/Shanghai. */
export function chineseDate(iso: string): string {
  const d = new Date(iso);
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(d);
  const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}年${p('month')}月${p('day')}日`;
}
