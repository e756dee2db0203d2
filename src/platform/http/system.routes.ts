// Health and the OpenAPI document.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pingDatabase } from '../db/database.ts';
import { AppError } from './errors.ts';

export async function registerSystemRoutes(app: FastifyInstance) {
  app.get(
    '/api/health',
    {
      config: { policy: 'health.read' },
      schema: { summary: '健康检查 / health', response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }) } },
    },
    async () => {
      try {
        await pingDatabase(app.platform.db);
      } catch {
        throw new AppError('SERVICE_UNAVAILABLE');
      }
      return { status: 'ok' as const, database: app.platform.dialect };
    },
  );
  app.get('/api/openapi.json', { config: { policy: 'openapi.read' }, schema: { hide: true } }, async () => app.swagger());
}
