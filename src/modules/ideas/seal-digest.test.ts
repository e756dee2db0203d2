import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { batchDigest, canonicalJson, sealIdea, sha256Hex } from './seal-digest.ts';

describe('canonical JSON and the seal digest', () => {
  it('sorts keys at every level and normalises strings to NFC', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 'x', c: null }] })).toBe('{"a":[{"c":null,"d":"x"}],"b":1}');
    expect(canonicalJson('e\u0301')).toBe(canonicalJson('\u00e9'));
  });

  it('key order does not change the digest; any content change does', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 20 }), { minKeys: 1, maxKeys: 6 }), (o) => {
        const reversed = Object.fromEntries(Object.entries(o).reverse());
        expect(canonicalJson(o)).toBe(canonicalJson(reversed));
        const k = Object.keys(o)[0];
        expect(canonicalJson({ ...o, [k]: o[k] + '改' })).not.toBe(canonicalJson(o));
      }),
    );
  });

  it('the digest is the SHA-256 of the stored snapshot; the batch digest ignores the order ideas were given in', () => {
    const idea = { receiptNo: '2017-1-XJ012-01', unitCode: 'XJ012', unitName: '一中', contactName: '王', contactPhone: '13800000123', authorship: 'individual', authors: ['王'], topic: 't', title: '标题', body: '正文', charCount: 2, attachments: [] };
    const { snapshot, digest } = sealIdea(idea);
    expect(digest).toBe(sha256Hex(snapshot));
    expect(JSON.parse(snapshot)).toEqual(idea);
    const a = { receiptNo: 'a', digest: '1' };
    const b = { receiptNo: 'b', digest: '2' };
    const base = { receiptNo: 'B1', unitCode: 'XJ012', sealedAt: '2017-10-01T00:00:00.000Z' };
    expect(batchDigest({ ...base, ideas: [a, b] })).toBe(batchDigest({ ...base, ideas: [b, a] }));
    expect(batchDigest({ ...base, ideas: [a, b] })).not.toBe(batchDigest({ ...base, ideas: [a, { ...b, digest: '3' }] }));
    expect(batchDigest({ ...base, ideas: [a] })).toMatch(/^[0-9a-f]{64}$/);
  });
});
