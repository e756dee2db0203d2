// Row ids as requests carry them: positive 32-bit integers (PostgreSQL `integer`), so an id out of
// range is a clear 400, never a database error.
import { z } from 'zod';

export const MAX_ID = 2_147_483_647;
/** An id in a JSON body. */
export const Id = z.number().int().positive().max(MAX_ID);
/** An id in a path or query string. */
export const IdParam = z.coerce.number().int().positive().max(MAX_ID);
