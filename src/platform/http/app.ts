// Builds the HTTP application: one edge that validates (zod), authenticates, authorises, audits and
// translates errors, with each module's routes plugged in.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.ts';
import { systemClock, type Clock } from '../clock.ts';
import { openDatabase, type Database } from '../db/database.ts';
import type { Platform } from '../platform.ts';
import { handleError, notFound } from './error-handler.ts';
import { AppError } from './errors.ts';
import { ErrorBody } from './schemas.ts';
import { makeOnRequest } from './pipeline.ts';
import { DatabaseCounterStore, MemoryCounterStore, makeRateLimiter } from './rate-limit.ts';
import { isPolicyKey } from '../policy/policy.ts';
import { isHttpsDeployment } from '../auth/sessions.ts';
import { AccessLog, loggerOptions } from './logging.ts';
import { securityHeaderOptions, securityHeaders } from './security-headers.ts';
import { registerSystemRoutes } from './system.routes.ts';
import { registerAuthRoutes } from '../auth/auth.routes.ts';
import { registerAuditRoutes } from '../audit/audit.routes.ts';
import { registerOrgRoutes } from '../../modules/org/org.routes.ts';
import { registerCampaignRoutes } from '../../modules/campaigns/campaigns.routes.ts';
import { registerIdeaRoutes } from '../../modules/ideas/ideas.routes.ts';
import { registerEvaluationRoutes } from '../../modules/evaluation/evaluation.routes.ts';
import { registerAwardsRoutes } from '../../modules/evaluation/awards/awards.routes.ts';
import { registerOriginalityRoutes } from '../../modules/originality/originality.routes.ts';
import { registerOriginalityPrintRoutes } from '../../modules/originality/originality.print.routes.ts';
import type { Actor } from '../policy/policy.ts';
import type { Locale } from '../../shared/roles.ts';

declare module 'fastify' {
  interface FastifyInstance {
    platform: Platform;
    routeList: { method: string; url: string; policy: string | undefined; hidden: boolean }[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    sessionHash: string | null;
    sessionExpired?: boolean;
    locale: Locale;
    auditDone: boolean;
  }
  interface FastifyContextConfig {
    policy?: string;
  }
}

export interface AppOptions {
  config: Config;
  /** An already open database (tests share one); opened from config otherwise. */
  database?: Database;
  clock?: Clock;
  /** Extra log destination (tests capture the logs to check for personal data). */
  logStream?: NodeJS.WritableStream;
}

export const WEB_DIST = path.resolve(import.meta.dirname, '../../../web/dist');
export const JSON_BODY_LIMIT = 1024 * 1024;
export const UPLOAD_LIMIT = 10 * 1024 * 1024;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const database = opts.database ?? (await openDatabase(config));
  const ownsDatabase = !opts.database;
  const app = Fastify({
    logger: loggerOptions(config, opts.logStream),
    trustProxy: config.trustedProxies.length ? config.trustedProxies : false,
    bodyLimit: JSON_BODY_LIMIT,
    genReqId: () => randomUUID(),
    logController: new AccessLog(),
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const platform: Platform = {
    config,
    database,
    db: database.db,
    dialect: database.dialect,
    clock: opts.clock ?? systemClock,
    log: app.log,
  };
  app.decorate('platform', platform);
  app.decorate('routeList', []);
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionHash', null);
  app.decorateRequest('locale', 'zh-CN');
  app.decorateRequest('auditDone', false);

  // Every route must name its policy (deny by default, row 12); static files are the only exception.
  // Every documented route also answers errors in the one error shape.
  app.addHook('onRoute', (route) => {
    if (route.schema && !route.schema.hide) {
      route.schema.response = { ...(route.schema.response as object), '4XX': ErrorBody, '5XX': ErrorBody };
    }
    const policy = route.config?.policy;
    const hidden = Boolean(route.schema?.hide);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const m of methods) {
      if (m === 'HEAD' || m === 'OPTIONS') continue;
      if (!hidden && !isPolicyKey(policy)) throw new Error(`route ${m} ${route.url} has no policy entry (src/platform/policy/policy.ts)`);
      app.routeList.push({ method: m, url: route.url, policy, hidden });
    }
  });

  await app.register(cookie);
  const headers = securityHeaders(securityHeaderOptions(isHttpsDeployment(config)));
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
  await app.register(multipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 5, parts: 6 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Jindianzi 金点子 API', version: '0.1.0', description: '教育“解放思想 赶超发展”大讨论活动平台' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'jdz_session' } } },
    },
    transform: jsonSchemaTransform,
  });

  const store = database.dialect === 'postgres' ? new DatabaseCounterStore(database.db) : new MemoryCounterStore();
  app.addHook('onRequest', makeOnRequest(platform, makeRateLimiter(platform, store)));
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    reply.removeHeader('x-powered-by');
  });
  // U+0000 in any text: PostgreSQL cannot store it (its error would end the request as a 500) and no
  // field of ours needs it. Refused at the edge for both databases alike, before any handler runs.
  app.addHook('preValidation', async (req) => {
    if (containsNul(req.body) || containsNul(req.query) || containsNul(req.params)) {
      throw new AppError('VALIDATION_FAILED', (locale) => ({ detail: locale === 'zh-CN' ? '文本中不能含有空字符（U+0000）' : 'text must not contain the NUL character (U+0000)' }));
    }
  });
  app.setErrorHandler(handleError);
  app.setNotFoundHandler(notFound);

  await registerSystemRoutes(app);
  await registerAuthRoutes(app);
  await registerOrgRoutes(app);
  await registerAuditRoutes(app);
  await registerCampaignRoutes(app);
  await registerIdeaRoutes(app);
  await registerEvaluationRoutes(app);
  await registerAwardsRoutes(app);
  await registerOriginalityRoutes(app);
  await registerOriginalityPrintRoutes(app);
  await registerWebApp(app);

  if (ownsDatabase) app.addHook('onClose', async () => database.close());
  return app;
}

/** The built single-page app, with index.html for every non-API path (client-side routes). */
async function registerWebApp(app: FastifyInstance) {
  const hasDist = fs.existsSync(path.join(WEB_DIST, 'index.html'));
  if (hasDist) {
    await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false, index: false, serve: true, schemaHide: true });
  }
  // Read once: the asset files are registered at start-up too, so a rebuilt web app needs a restart.
  const indexHtml = hasDist
    ? fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8')
    : '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>金点子</title><p>前端尚未构建：请运行 npm run build。 / The web app is not built: run npm run build.</p></html>';
  app.get('/*', { schema: { hide: true }, config: { policy: 'web.app' } }, async (req, reply) => {
    // API paths and missing files (a stale asset name after an upgrade) are 404, not the app's page.
    if (req.url.startsWith('/api/') || /\.[a-z0-9]{1,5}(\?|$)/i.test(req.url)) return notFound(req, reply);
    return reply.type('text/html; charset=utf-8').send(indexHtml);
  });
}

function containsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return false;
  for (const v of Object.values(value as Record<string, unknown>)) if (containsNul(v, depth + 1)) return true;
  return false;
}
