import { describe, expect, it } from 'vitest';
import { attachmentDisposition, exportAuditTarget, stamp, verifyUrl } from './http.ts';

describe('download names and audit targets', () => {
  it('sends a Chinese file name as filename*=UTF-8 with an ASCII fallback (RFC 6266)', () => {
    expect(attachmentDisposition('金点子清单_20171025-1003.xlsx', 'jindianzi-ideas.xlsx')).toBe(
      `attachment; filename="jindianzi-ideas.xlsx"; filename*=UTF-8''%E9%87%91%E7%82%B9%E5%AD%90%E6%B8%85%E5%8D%95_20171025-1003.xlsx`,
    );
    // Quotes, slashes and control characters never reach the header.
    const h = attachmentDisposition('a"b/c\r\nd(1).pdf', 'x"y.pdf');
    expect(h).not.toMatch(/[\r\n]/);
    expect(h).toContain('filename="x_y.pdf"');
    expect(h).toContain("filename*=UTF-8''a_b_c__d%281%29.pdf");
  });
  it('keeps the audit target within its 64 characters, purpose shortened', () => {
    expect(exportAuditTarget(12, 20, false, '不会写入')).toBe('rows=12;cols=20;pd=0');
    expect(exportAuditTarget(12, 21, true, '通知获奖单位联系人')).toBe('rows=12;cols=21;pd=1;purpose=通知获奖单位联系人');
    const long = exportAuditTarget(123456, 21, true, '为了'.repeat(100));
    expect([...long].length).toBeLessThanOrEqual(64);
    expect(long.endsWith('…')).toBe(true);
  });
  it('stamps file names in Beijing time and builds the verify address', () => {
    expect(stamp('2017-10-20T16:30:00.000Z')).toBe('20171021-0030');
    expect(verifyUrl('https://jdz.example.cn', '2017-1-XJ012-B1', 'ab'.repeat(32))).toBe(`https://jdz.example.cn/verify?r=2017-1-XJ012-B1&d=${'ab'.repeat(32)}`);
  });
});
