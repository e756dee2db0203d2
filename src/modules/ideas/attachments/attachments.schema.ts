// The API shape of an attachment (also part of the idea's own response, IdeaOut.attachments).
import { z } from 'zod';

export const AttachmentOut = z.object({
  /** The served file's id: the one to download and to remove. */
  fileId: z.number().int(),
  name: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  kind: z.enum(['image', 'pdf', 'docx', 'doc']),
  seq: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
  /** An image: the file as uploaded is kept (bureau admin only, ?original=1). */
  hasOriginal: z.boolean(),
});
