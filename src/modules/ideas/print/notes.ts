// What a campaign's printed form says besides the idea: the label of the big cell and the 说明 under
// the table, from the campaign's own rules (the 2017 notice's wording with its numbers), so that a
// campaign of another year or county does not print 仙居's deadline and mailbox.
import { DEFAULT_ADVICE_LABEL } from './types.ts';

export interface NoteRules {
  ideasMin: number;
  ideasMax: number;
  minChars: number;
  /** 'both' | 'collective' | 'individual'. */
  authorship: string;
  /** The ideas deadline (ISO), if the campaign has one. */
  dueAt: string | null;
}

/** "10月20日" in Asia/Shanghai. */
function monthDay(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3_600_000);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export function formNotes(r: NoteRules): string[] {
  const who = r.authorship === 'collective' ? '金点子以单位集体名义报送' : r.authorship === 'individual' ? '金点子以个人名义报送' : '金点子可以是单位集体名义也可以是个人名义';
  const range = r.ideasMin === r.ideasMax ? `${r.ideasMin}` : `${r.ideasMin}——${r.ideasMax}`;
  const notes = [
    `各学校、直属单位向教育局提供${range}个金点子，${who}，金点子字数不少于${r.minChars}字，纸张不够，可另加附页。`,
    '金点子要求原创，严禁抄袭，上报所有作品必须由撰写人所在单位严格审核把关。',
  ];
  // An idea is "before the deadline" up to the deadline instant itself: 23:59:59 on the day printed.
  if (r.dueAt) notes.push(`于${monthDay(new Date(Date.parse(r.dueAt) - 1000).toISOString())}前纸质报送局办公室（加盖公章），并在平台上完成网上报送。`);
  else notes.push('纸质表加盖公章后报送局办公室，并在平台上完成网上报送。');
  return notes;
}

/**
 * The vertical label of the big cell. The notice's is 仙居教育赶超发展建议: for a form titled
 * "<县>教育“解放思想 赶超发展”…" we print "<县名>教育赶超发展建议"; otherwise a neutral 金点子建议.
 */
export function adviceLabel(formTitle: string): string {
  if (formTitle.startsWith('仙居县教育') && formTitle.includes('赶超发展')) return DEFAULT_ADVICE_LABEL;
  const m = /^(.{2,6}?)(县|市|区|旗)教育/.exec(formTitle);
  if (m && formTitle.includes('赶超发展')) return `${m[1]}教育赶超发展建议`;
  return '金点子建议';
}
