// The public page the QR code on a printed 金点子征集表 opens (issue 3, item 5): /verify?r=<batch
// receipt>&d=<SHA-256>. It says whether that paper matches what the unit sealed and submitted: unit,
// receipt, sealed time, number and titles of the ideas. Never phones or people's names. Works without
// signing in and on a phone; the numbers can also be typed in from the paper.
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, List, Spin, Typography } from 'antd';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import type { MessageKey } from '../../i18n';
import { LangSwitch } from '../../layout/LangSwitch';

export interface VerifyAnswer {
  result: 'match' | 'mismatch' | 'not-found';
  batch?: {
    receiptNo: string;
    unitName: string;
    campaignTitle: string;
    sealedAt: string;
    status: string;
    ideaCount: number;
    ideas: { receiptNo: string; title: string; charCount: number }[];
  };
}

const RECEIPT_RE = /^[A-Za-z0-9-]{3,40}$/;
const DIGEST_RE = /^[0-9a-f]{64}$/;

/** What people type from the paper: spaces between the groups, capitals. */
export function cleanDigest(raw: string): string {
  return raw.replace(/[\s\u3000]+/g, '').toLowerCase();
}

const STATUS_KEYS: Record<string, MessageKey> = {
  submitted: 'verify.status.submitted',
  received: 'verify.status.received',
  returned: 'verify.status.returned',
};

export default function VerifyPage() {
  const { t } = useI18n();
  usePageTitle('verify.title');
  const [params, setParams] = useSearchParams();
  const r = (params.get('r') ?? '').trim();
  const d = cleanDigest(params.get('d') ?? '');
  const valid = RECEIPT_RE.test(r) && DIGEST_RE.test(d);
  const [form] = Form.useForm<{ r: string; d: string }>();
  const [typed, setTyped] = useState(false);

  const q = useQuery({
    queryKey: ['verify', r, d],
    queryFn: () => api.get<VerifyAnswer>('/api/verify', { r, d }),
    enabled: valid,
    retry: false,
  });

  const answer = q.data;
  const b = answer?.batch;
  return (
    <div className="jdz-login-wrap" style={{ justifyContent: 'flex-start' }}>
      <header className="jdz-login-lang">
        <LangSwitch />
      </header>
      <main style={{ width: '100%', maxWidth: 640 }}>
        <div className="jdz-login-title">
          <span className="jdz-brand-mark" aria-hidden style={{ width: 40, height: 40, fontSize: 22 }}>
            金
          </span>
          <Typography.Title level={1} style={{ fontSize: 22 }}>
            {t('verify.title')}
          </Typography.Title>
          <Typography.Text>{t('verify.intro')}</Typography.Text>
        </div>

        {valid && q.isPending && (
          <div style={{ textAlign: 'center', padding: 24 }}>
            <Spin aria-label={t('common.loading')} />
          </div>
        )}
        {q.error && <ErrorAlert error={q.error} testId="verify-error" />}

        {answer?.result === 'match' && b && (
          <Card data-testid="verify-match">
            <Alert type="success" showIcon role="status" title={t('verify.match')} description={t('verify.matchText')} style={{ marginBottom: 16 }} />
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label={t('verify.campaign')}>{b.campaignTitle}</Descriptions.Item>
              <Descriptions.Item label={t('verify.unit')}>{b.unitName}</Descriptions.Item>
              <Descriptions.Item label={t('verify.receipt')}>{b.receiptNo}</Descriptions.Item>
              <Descriptions.Item label={t('verify.sealedAt')}>{formatDateTime(b.sealedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('verify.status')}>
                <Typography.Text strong>{STATUS_KEYS[b.status] ? t(STATUS_KEYS[b.status]) : b.status}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('verify.count')}>{t('verify.countValue', { n: b.ideaCount })}</Descriptions.Item>
            </Descriptions>
            {b.status === 'returned' && <Alert type="warning" showIcon title={t('verify.returnedText')} style={{ marginTop: 16 }} />}
            <Typography.Title level={2} style={{ fontSize: 16, marginTop: 16 }}>
              {t('verify.ideas')}
            </Typography.Title>
            <List
              size="small"
              bordered
              dataSource={b.ideas}
              renderItem={(i) => (
                <List.Item data-testid="verify-idea">
                  <List.Item.Meta title={i.title || t('verify.untitled')} description={t('verify.ideaMeta', { receipt: i.receiptNo, n: i.charCount })} />
                </List.Item>
              )}
            />
          </Card>
        )}
        {answer?.result === 'mismatch' && (
          <Alert data-testid="verify-mismatch" type="error" showIcon role="alert" title={t('verify.mismatch')} description={t('verify.mismatchText')} />
        )}
        {answer?.result === 'not-found' && (
          <Alert data-testid="verify-not-found" type="warning" showIcon role="alert" title={t('verify.notFound')} description={t('verify.notFoundText')} />
        )}

        {(!valid || typed) && (
          <Card style={{ marginTop: 16 }}>
            {(params.get('r') || params.get('d')) && !valid && <Alert type="warning" showIcon title={t('verify.badLink')} style={{ marginBottom: 16 }} />}
            <Form
              form={form}
              layout="vertical"
              initialValues={{ r, d: params.get('d') ?? '' }}
              onFinish={(v) => {
                setTyped(true);
                setParams({ r: v.r.trim(), d: cleanDigest(v.d) });
              }}
            >
              <Form.Item name="r" label={t('verify.receipt')} rules={[{ required: true, message: t('common.required') }, { pattern: RECEIPT_RE, message: t('verify.receiptInvalid') }]}>
                <Input autoComplete="off" data-testid="verify-r" />
              </Form.Item>
              <Form.Item
                name="d"
                label={t('verify.digest')}
                extra={t('verify.digestHelp')}
                rules={[
                  { required: true, message: t('common.required') },
                  { validator: (_, v: string) => (DIGEST_RE.test(cleanDigest(v ?? '')) ? Promise.resolve() : Promise.reject(new Error(t('verify.digestInvalid')))) },
                ]}
              >
                <Input.TextArea autoSize autoComplete="off" spellCheck={false} data-testid="verify-d" style={{ fontFamily: 'monospace' }} />
              </Form.Item>
              <Button type="primary" htmlType="submit" data-testid="verify-submit">
                {t('verify.submit')}
              </Button>
            </Form>
          </Card>
        )}
      </main>
    </div>
  );
}
