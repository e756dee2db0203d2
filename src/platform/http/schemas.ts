// Response shapes shared by every route: the error body, "no content", and file downloads.
import { z } from 'zod';

export const ErrorBody = z
  .object({
    error: z.object({
      /** A stable code from the catalogue (errors.ts). */
      code: z.string(),
      /** In the caller's language (Accept-Language: zh-CN default, en-US). */
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe('错误 / error');

export const NoContent = z.null().describe('无内容 / no content');

/** A generated file (Buffer); Fastify sends buffers as they are, so this only documents the route. */
export const FileDownload = z.any().describe('文件下载（.xlsx） / file download (.xlsx)');
