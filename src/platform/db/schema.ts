// Table types for Kysely. Timestamps are ISO-8601 UTC strings (see clock.ts); booleans are 0/1
// integers so that both dialects store and return the same values.
import type { Generated } from 'kysely';

export interface SectorTable {
  id: Generated<number>;
  code: string;
  name: string;
  name_en: string;
  leader_user_id: number | null;
}

export interface UnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: string;
  sector_id: number;
  town: string;
  contact_name: string | null;
  contact_phone: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: Generated<number>;
  /** NFKC + lower case (row 1). */
  username: string;
  name: string;
  /** NFKC digits only. */
  mobile: string | null;
  email: string | null;
  unit_id: number | null;
  active: number;
  password_hash: string;
  must_change_password: number;
  password_changed_at: string;
  /** Generated initial passwords expire unused (row 3). */
  password_expires_at: string | null;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  is_demo: number;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
  /** Only for sector_leader. */
  sector_id: number | null;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: number;
  password_hash: string;
  created_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token; the token itself is never stored (row 8). */
  id_hash: string;
  /** A short public id to list and end sessions without revealing the hash. */
  public_id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailureTable {
  id: Generated<number>;
  ip: string;
  at: string;
}

export interface RateCounterTable {
  key: string;
  window_start: string;
  count: number;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_role: string | null;
  unit_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: 'success' | 'failure';
  error_code: string | null;
  ip: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditAnchorTable {
  id: number;
  seq: number;
  hash: string;
  purged_before: string;
}

export interface CampaignTable {
  id: Generated<number>;
  title: string;
  theme: string;
  description: string;
  topics_json: string;
  created_at: string;
  ideas_min: Generated<number>;
  ideas_max: Generated<number>;
  min_chars: Generated<number>;
  /** 'both' | 'collective' | 'individual'. */
  authorship: Generated<string>;
  form_title: Generated<string>;
  updated_at: string | null;
}

export interface CampaignPhaseTable {
  id: Generated<number>;
  campaign_id: number;
  seq: number;
  name: string;
  starts_at: string;
  ends_at: string;
}

export interface CampaignDeadlineTable {
  id: Generated<number>;
  campaign_id: number;
  name: string;
  kind: string;
  due_at: string;
}

export interface CampaignExtensionTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  until: string;
  reason: string;
  granted_by: number;
  granted_at: string;
}

export interface IdeaBatchTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  /** 1, 2, … per unit and campaign. */
  seq: number;
  receipt_no: string;
  /** 'submitted' | 'received' | 'returned'. */
  status: string;
  /** SHA-256 of the batch's canonical content at sealing. */
  digest: string;
  idea_count: number;
  late: number;
  sealed_by: number;
  sealed_at: string;
  decided_by: number | null;
  decided_at: string | null;
  return_reason: string | null;
}

export interface IdeaTable {
  id: Generated<number>;
  campaign_id: number;
  unit_id: number;
  created_by: number;
  client_id: string | null;
  status: string;
  contact_name: string;
  contact_phone: string;
  authorship: string;
  authors_json: string;
  topic: string;
  title: string;
  body: string;
  char_count: number;
  pledge: number;
  version: number;
  receipt_no: string | null;
  batch_id: number | null;
  imported: number;
  late: number;
  last_comment: string | null;
  sent_at: string | null;
  approved_at: string | null;
  submitted_at: string | null;
  received_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface IdeaEventTable {
  id: Generated<number>;
  idea_id: number;
  at: string;
  actor_id: number | null;
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
}

export interface IdeaVersionTable {
  id: Generated<number>;
  idea_id: number;
  batch_id: number;
  version: number;
  /** Canonical JSON of the idea as sealed. */
  snapshot: string;
  digest: string;
  created_at: string;
}

export interface StoredFileTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  content_type: string;
  /** 'image' | 'pdf' | 'docx' | 'doc' | 'original'. */
  kind: string;
  original_name: string;
  /** Empty when the bytes are in stored_file_chunks. */
  data: Buffer | Uint8Array;
  created_by: number | null;
  created_at: string;
  /** Number of rows in stored_file_chunks; 0: the bytes are in `data` (files written before 0007). */
  chunks: Generated<number>;
  /** 1 while the chunks are written and no change has taken the file yet. */
  pending: Generated<number>;
}

export interface StoredFileChunkTable {
  file_id: number;
  seq: number;
  data: Buffer | Uint8Array;
}

export interface IdeaAttachmentTable {
  id: Generated<number>;
  idea_id: number;
  file_id: number;
  /** The image as uploaded, before re-encoding: only the bureau admin may fetch it. */
  original_file_id: number | null;
  seq: number;
  created_at: string;
}

export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  action: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}

export interface WordImportJobTable {
  id: Generated<number>;
  created_by: number;
  total: number;
  done: Generated<number>;
  /** 'processing' | 'done' | 'imported' */
  status: string;
  imported_count: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface WordImportFileTable {
  id: Generated<number>;
  job_id: number;
  file_index: number;
  name: string;
  size: number;
  data: Buffer | Uint8Array | null;
  result_json: string | null;
}

/** Originality index (migration 0004): indexed documents. */
export interface OriginalitySourceTable {
  doc_no: Generated<number>;
  id: string;
  kind: string;
  family: string | null;
  unit_id: number | null;
  year: number | null;
  title: string;
  origin: string | null;
  text: string;
  updated_at: string;
}

/** Originality index: packed postings, one row per bucket of fingerprint hashes. */
export interface OriginalityPostingTable {
  bucket: number;
  data: Buffer | Uint8Array;
}

export interface OriginalityIndexStateTable {
  id: number;
  bucket_bits: number;
  format: number;
  documents: number;
  built_at: string | null;
}

/** A check of one idea (0005_originality_checks): a job claimed by any instance, then its report. */
export interface OriginalityCheckTable {
  id: Generated<number>;
  idea_id: number;
  /** 'send' | 'seal' | 'manual' | 'campaign' */
  reason: string;
  run_id: number | null;
  /** 'queued' | 'running' | 'done' | 'failed' */
  status: string;
  attempts: Generated<number>;
  run_after: string;
  claimed_by: string | null;
  claimed_at: string | null;
  error: string | null;
  idea_version: number | null;
  similarity: number | null;
  top_source: string | null;
  report_json: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** A campaign-wide check: index everything, then check each idea of the campaign. */
export interface OriginalityRunTable {
  id: Generated<number>;
  campaign_id: number;
  /** 'indexing' | 'checking' | 'done' | 'failed' */
  status: string;
  indexed: Generated<number>;
  to_index: Generated<number>;
  total: Generated<number>;
  cursor_json: string | null;
  claimed_by: string | null;
  claimed_at: string | null;
  error: string | null;
  created_by: number;
  created_at: string;
  finished_at: string | null;
}

/** A text of the bureau's reference library (indexed as source "ref:<id>"). */
export interface OriginalityReferenceTable {
  id: Generated<number>;
  title: string;
  origin: string;
  /** 'txt' | 'docx' | 'pdf' | 'paste' */
  kind: string;
  file_name: string | null;
  text: string;
  chars: number;
  created_by: number;
  created_at: string;
}

export interface OriginalityStockPhraseTable {
  id: Generated<number>;
  phrase: string;
}

/** One row (id 1): the bureau's thresholds (shares 0..1) and when the lists last changed. */
export interface OriginalitySettingsTable {
  id: number;
  red: number;
  orange: number;
  thresholds_updated_at: string | null;
  stock_updated_at: string | null;
}

// ---- evaluation (0006_evaluation) ----

export interface EvaluationJudgeTable {
  user_id: number;
  sector_id: number | null;
  expertise_json: string;
  capacity: number | null;
  created_at: string;
  updated_at: string;
}

export interface EvaluationRoundTable {
  id: Generated<number>;
  campaign_id: number;
  title: string;
  /** 'draft' | 'open' | 'closed'. */
  status: string;
  topics_json: string;
  sector_ids_json: string;
  rubric_json: string;
  reviews_per_idea: number;
  deadline: string | null;
  blind: number;
  exclude_same_sector: number;
  flag_spread: number;
  created_by: number;
  created_at: string;
  updated_at: string;
  assigned_at: string | null;
  opened_at: string | null;
  closed_at: string | null;
}

export interface EvaluationRoundJudgeTable {
  round_id: number;
  judge_id: number;
}

export interface EvaluationRoundIdeaTable {
  round_id: number;
  idea_id: number;
  code: string;
}

export interface EvaluationAssignmentTable {
  id: Generated<number>;
  round_id: number;
  idea_id: number;
  judge_id: number;
  /** 'auto' | 'manual' | 'reassigned'. */
  source: string;
  /** 'assigned' | 'draft' | 'submitted'. */
  status: string;
  comment: string | null;
  total: number | null;
  revision: number;
  created_at: string;
  saved_at: string | null;
  submitted_at: string | null;
}

export interface EvaluationScoreTable {
  assignment_id: number;
  criterion: string;
  points: number;
}

export interface EvaluationConflictTable {
  id: Generated<number>;
  round_id: number;
  idea_id: number;
  judge_id: number;
  reason: string;
  declared_by: number;
  declared_at: string;
  outcome: string | null;
}

export interface EvaluationReminderTable {
  id: Generated<number>;
  round_id: number;
  judge_id: number;
  message: string;
  created_by: number;
  created_at: string;
  read_at: string | null;
}

export interface EvaluationDisqualificationTable {
  idea_id: number;
  reason: string;
  decided_by: number;
  decided_at: string;
}

// ---- awards (0008_awards) ----

export interface EvaluationAwardRoundTable {
  round_id: number;
  /** 'proposed' | 'announced' | 'final'. */
  status: string;
  /** 'raw' | 'normalized'. */
  mode: string;
  spec_json: string;
  issuer: string;
  proposed_by: number;
  proposed_at: string;
  announced_by: number | null;
  announced_at: string | null;
  notice_ends_at: string | null;
  finalized_by: number | null;
  finalized_at: string | null;
  public: number;
  updated_at: string;
}

export interface EvaluationAwardTable {
  round_id: number;
  idea_id: number;
  rank: number;
  computed_tier: string | null;
  tier: string | null;
  reason: string | null;
  adjusted_by: number | null;
  adjusted_at: string | null;
  raw_score: number;
  normalized_score: number | null;
  sheets: number;
  spread: number;
  flagged: number;
  excellent: number;
}

export interface EvaluationObjectionTable {
  id: Generated<number>;
  round_id: number;
  idea_id: number;
  unit_id: number;
  filed_by: number;
  filed_at: string;
  reason: string;
  /** 'open' | 'upheld' | 'rejected'. */
  status: string;
  reply: string | null;
  answered_by: number | null;
  answered_at: string | null;
}

export interface DB {
  sectors: SectorTable;
  units: UnitTable;
  users: UserTable;
  user_roles: UserRoleTable;
  password_history: PasswordHistoryTable;
  sessions: SessionTable;
  login_failures: LoginFailureTable;
  rate_counters: RateCounterTable;
  audit_log: AuditLogTable;
  audit_anchor: AuditAnchorTable;
  campaigns: CampaignTable;
  campaign_phases: CampaignPhaseTable;
  campaign_deadlines: CampaignDeadlineTable;
  campaign_extensions: CampaignExtensionTable;
  idea_batches: IdeaBatchTable;
  ideas: IdeaTable;
  idea_events: IdeaEventTable;
  idea_versions: IdeaVersionTable;
  word_import_jobs: WordImportJobTable;
  word_import_files: WordImportFileTable;
  stored_files: StoredFileTable;
  stored_file_chunks: StoredFileChunkTable;
  idea_attachments: IdeaAttachmentTable;
  idempotency_keys: IdempotencyKeyTable;
  originality_sources: OriginalitySourceTable;
  originality_postings: OriginalityPostingTable;
  originality_index_state: OriginalityIndexStateTable;
  originality_checks: OriginalityCheckTable;
  originality_runs: OriginalityRunTable;
  originality_references: OriginalityReferenceTable;
  originality_stock_phrases: OriginalityStockPhraseTable;
  originality_settings: OriginalitySettingsTable;
  evaluation_judges: EvaluationJudgeTable;
  evaluation_rounds: EvaluationRoundTable;
  evaluation_round_judges: EvaluationRoundJudgeTable;
  evaluation_round_ideas: EvaluationRoundIdeaTable;
  evaluation_assignments: EvaluationAssignmentTable;
  evaluation_scores: EvaluationScoreTable;
  evaluation_conflicts: EvaluationConflictTable;
  evaluation_reminders: EvaluationReminderTable;
  evaluation_disqualifications: EvaluationDisqualificationTable;
  evaluation_award_rounds: EvaluationAwardRoundTable;
  evaluation_awards: EvaluationAwardTable;
  evaluation_objections: EvaluationObjectionTable;
}
