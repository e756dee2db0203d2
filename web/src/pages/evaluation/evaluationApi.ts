// Evaluation (评比, issue 5) as the pages read it: shapes inferred from the server's zod schemas
// (src/modules/evaluation/evaluation.schema.ts) and the queries of the judge's and the bureau's pages.
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api } from '../../api';
import type {
  AssignmentOut,
  AssignOut,
  ConflictOut,
  ConflictResultOut,
  CriterionOut,
  JudgeOut,
  MyAssignmentDetailOut,
  MyListOut,
  ProgressOut,
  ResultsOut,
  RoundOut,
} from '../../../../src/modules/evaluation/evaluation.schema';
import './evaluation.css';

export type Judge = z.infer<typeof JudgeOut>;
export type Round = z.infer<typeof RoundOut>;
export type Criterion = z.infer<typeof CriterionOut>;
export type Assignment = z.infer<typeof AssignmentOut>;
export type AssignResult = z.infer<typeof AssignOut>;
export type Conflict = z.infer<typeof ConflictOut>;
export type Progress = z.infer<typeof ProgressOut>;
export type Results = z.infer<typeof ResultsOut>;
export type MyList = z.infer<typeof MyListOut>;
export type MyDetail = z.infer<typeof MyAssignmentDetailOut>;
export type ConflictResult = z.infer<typeof ConflictResultOut>;
export type Mode = Results['mode'];

/** The default rubric (issue 5): 创新性, 针对性, 可行性, 实效性, 文字表达 — 20 points each, equal weights. */
export const DEFAULT_CRITERIA: Omit<Criterion, 'step'>[] = [
  { key: 'innovation', name: '创新性', maxPoints: 20, weight: 1 },
  { key: 'relevance', name: '针对性', maxPoints: 20, weight: 1 },
  { key: 'feasibility', name: '可行性', maxPoints: 20, weight: 1 },
  { key: 'effectiveness', name: '实效性', maxPoints: 20, weight: 1 },
  { key: 'writing', name: '文字表达', maxPoints: 20, weight: 1 },
];

export const useMyList = () => useQuery({ queryKey: ['evaluation', 'my'], queryFn: () => api.get<MyList>('/api/evaluation/my') });
export const useMyDetail = (id: number) => useQuery({ queryKey: ['evaluation', 'my', id], queryFn: () => api.get<MyDetail>(`/api/evaluation/my/${id}`), enabled: Number.isInteger(id) && id > 0 });

export const useJudges = () => useQuery({ queryKey: ['evaluation', 'judges'], queryFn: () => api.get<{ items: Judge[] }>('/api/evaluation/judges'), select: (d) => d.items });
export const useRounds = () => useQuery({ queryKey: ['evaluation', 'rounds'], queryFn: () => api.get<{ items: Round[] }>('/api/evaluation/rounds'), select: (d) => d.items });
export const useRound = (id: number) => useQuery({ queryKey: ['evaluation', 'round', id], queryFn: () => api.get<Round>(`/api/evaluation/rounds/${id}`) });
export const useAssignments = (id: number) =>
  useQuery({ queryKey: ['evaluation', 'round', id, 'assignments'], queryFn: () => api.get<{ items: Assignment[] }>(`/api/evaluation/rounds/${id}/assignments`), select: (d) => d.items });
export const useConflicts = (id: number) =>
  useQuery({ queryKey: ['evaluation', 'round', id, 'conflicts'], queryFn: () => api.get<{ items: Conflict[] }>(`/api/evaluation/rounds/${id}/conflicts`), select: (d) => d.items });
export const useProgress = (id: number) => useQuery({ queryKey: ['evaluation', 'round', id, 'progress'], queryFn: () => api.get<Progress>(`/api/evaluation/rounds/${id}/progress`) });
export const useResults = (id: number, mode: Mode) =>
  useQuery({ queryKey: ['evaluation', 'round', id, 'results', mode], queryFn: () => api.get<Results>(`/api/evaluation/rounds/${id}/results`, { mode }) });

/** A score or total as shown: at most two decimals, no trailing zeros. */
export const fmtScore = (x: number | null | undefined) => (x === null || x === undefined ? '—' : String(Math.round(x * 100) / 100));

export const ROUND_STATUS_COLOR: Record<Round['status'], string> = { draft: 'default', open: 'processing', closed: 'success' };
export const SHEET_STATUS_COLOR: Record<Assignment['status'], string> = { assigned: 'default', draft: 'warning', submitted: 'success' };
