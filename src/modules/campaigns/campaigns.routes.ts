// The current campaign, its phases and the next deadline, for everyone signed in.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/http/errors.ts';
import { latestCampaign } from './campaigns.repository.ts';

const Phase = z.object({ name: z.string(), startsAt: z.string(), endsAt: z.string() });
const Deadline = z.object({ name: z.string(), kind: z.string(), dueAt: z.string() });
const CurrentCampaign = z.object({
  id: z.number().int(),
  title: z.string(),
  theme: z.string(),
  description: z.string(),
  topics: z.array(z.string()),
  phases: z.array(Phase),
  deadlines: z.array(Deadline),
  currentPhase: Phase.nullable(),
  nextDeadline: Deadline.nullable(),
  serverTime: z.string(),
});

export async function registerCampaignRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const p = root.platform;
  app.get('/api/campaigns/current', { config: { policy: 'campaigns.current' }, schema: { summary: '当前活动 / current campaign', response: { 200: CurrentCampaign } } }, async () => {
    const c = await latestCampaign(p.db);
    if (!c) throw new AppError('NOT_FOUND');
    const now = p.clock.now().toISOString();
    const phases = c.phases.map((ph) => ({ name: ph.name, startsAt: ph.starts_at, endsAt: ph.ends_at }));
    const deadlines = c.deadlines.map((d) => ({ name: d.name, kind: d.kind, dueAt: d.due_at }));
    return {
      id: c.id,
      title: c.title,
      theme: c.theme,
      description: c.description,
      topics: JSON.parse(c.topics_json) as string[],
      phases,
      deadlines,
      currentPhase: phases.find((ph) => ph.startsAt <= now && now <= ph.endsAt) ?? null,
      nextDeadline: deadlines.find((d) => d.dueAt >= now) ?? null,
      serverTime: now,
    };
  });
}
