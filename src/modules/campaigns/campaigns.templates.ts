// Campaign templates: "2017 仙居" reproduces the notice (its six topics, three phases, two deadlines,
// 2–5 ideas of at least 500 字 per unit, collective or individual, the attachment's form title).
import { demoCampaign2017, demoCampaignForYear, type DemoCampaign } from '../demo/demo-data.ts';
import type { CampaignInput } from './campaigns.repository.ts';

export const TEMPLATES = ['xianju-2017'] as const;
export type TemplateKey = (typeof TEMPLATES)[number];

export const FORM_TITLE_2017 = '仙居县教育“解放思想 赶超发展”金点子征集表';

export function fromNotice(c: DemoCampaign): CampaignInput {
  return {
    title: c.title,
    theme: c.theme,
    description: c.description,
    topics: [...c.topics],
    phases: c.phases.map((p) => ({ name: p.name, startsAt: p.startsAt, endsAt: p.endsAt })),
    deadlines: c.deadlines.map((d) => ({ name: d.name, kind: d.kind, dueAt: d.dueAt })),
    ideasMin: 2,
    ideasMax: 5,
    minChars: 500,
    authorship: 'both',
    formTitle: FORM_TITLE_2017,
  };
}

/** The template for `year`: 2017 is the notice as issued; another year keeps its calendar dates. */
export function templateCampaign(_key: TemplateKey, year: number): CampaignInput {
  return fromNotice(year === 2017 ? demoCampaign2017() : demoCampaignForYear(year));
}
