// The units' side of the evaluation results (issue 5 item 5): the 公示 lists with the unit's own
// objections, filing an objection, and the final results of the unit's (a member's own) ideas.
// Shapes inferred from the server's zod schemas (src/modules/evaluation/awards/awards.schema.ts).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api';
import type { NoticeOut, ObjectionOut, UnitResultOut } from '../../../../src/modules/evaluation/awards/awards.schema';

export type Notice = z.infer<typeof NoticeOut>['items'][number];
export type Objection = z.infer<typeof ObjectionOut>;
export type UnitResult = z.infer<typeof UnitResultOut>['items'][number];
export type Tier = NonNullable<UnitResult['tier']>;

/** Reason of an objection: 5–1000 字 (the server's ObjectionIn says the same). */
export const OBJECTION_REASON = { min: 5, max: 1000 } as const;

/** Tag colours of the tiers: antd presets whose text keeps a 4.5:1 contrast (volcano, orange and gold do not). */
export const TIER_COLOR: Record<Tier, string> = { first: 'red', second: 'magenta', third: 'purple', excellence: 'geekblue' };

export const useNotices = () => useQuery({ queryKey: ['evaluation', 'notices'], queryFn: () => api.get<z.infer<typeof NoticeOut>>('/api/evaluation/notices'), select: (d) => d.items });

export const useUnitResults = () =>
  useQuery({ queryKey: ['evaluation', 'unit-results'], queryFn: () => api.get<z.infer<typeof UnitResultOut>>('/api/evaluation/unit-results'), select: (d) => d.items });

export function useFileObjection(roundId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { ideaId: number; reason: string }) => api.post<Objection>(`/api/evaluation/rounds/${roundId}/objections`, v),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['evaluation', 'notices'] }),
  });
}
