// Structured JSON logs without secrets or personal data (checklist row 21): cookies, passwords,
// tokens, phones and e-mail are redacted, query strings (which may carry a searched phone number)
// are dropped, and pino escapes control characters so a crafted username cannot forge a line.
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

export const REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.initialPassword',
  '*.token',
  '*.phone',
  '*.mobile',
  '*.email',
];

export function loggerOptions(config: Config, stream?: NodeJS.WritableStream) {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req(req: { method: string; url: string; id: string; ip?: string }) {
        return { method: req.method, url: req.url.split('?')[0], id: req.id };
      },
    },
    ...(stream ? { stream } : {}),
  };
}

/**
 * One access-log line per request, written when it is answered, with the method and path (Fastify's
 * default writes a second line when the request arrives: twice the logging cost of every request,
 * for nothing a reader of the log needs).
 */
export class AccessLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
