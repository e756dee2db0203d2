// The persistent fingerprint index (API: README.md in this folder).
export {
  bulkLoad,
  chooseBucketBits,
  DbFingerprintIndex,
  fromSourceDocument,
  IndexFormatError,
  indexSize,
  indexSource,
  openFingerprintIndex,
  reindex,
  removeSource,
  type IndexOptions,
  type ReindexOptions,
  type ReindexProgress,
  type ReindexResult,
  type SourceInput,
} from './fingerprint-store.ts';
