// /originality/settings (bureau admin): the thresholds that colour every figure (e.g. red ≥ 30 %,
// orange ≥ 15 %) and the list of stock phrases (套话) that are never evidence of copying, one per
// line (issue 4 items 2 and 5).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Spin, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { useStockPhrases, useThresholds, type StockList, type ThresholdsDto } from './originalityApi';
import { CampaignCheck } from './CampaignCheck';

/** Percent with at most one decimal, from a share (0.3 → 30). */
const toPercent = (share: number) => Math.round(share * 1000) / 10;

function ThresholdsForm() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useThresholds();
  const [form] = Form.useForm<{ red: number; orange: number }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (q.data) form.setFieldsValue({ red: toPercent(q.data.red), orange: toPercent(q.data.orange) });
  }, [q.data, form]);
  const save = async (v: { red: number; orange: number }) => {
    setError(null);
    setBusy(true);
    try {
      const r = await api.put<ThresholdsDto>('/api/originality/thresholds', { red: v.red / 100, orange: v.orange / 100 });
      qc.setQueryData(['originality', 'thresholds'], r);
      void qc.invalidateQueries({ queryKey: ['originality'] });
      void message.success(t('originality.settings.thresholdsSaved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="jdz-card-h">{t('originality.settings.thresholds')}</h2>} style={{ marginBottom: 16 }} data-testid="orig-thresholds-card">
      <Typography.Paragraph type="secondary">{t('originality.settings.thresholdsIntro')}</Typography.Paragraph>
      <ErrorAlert error={q.error ?? error} testId="orig-thresholds-error" />
      {q.isPending ? (
        <Spin description={t('common.loading')} />
      ) : (
        <Form form={form} name="orig-thresholds" layout="vertical" onFinish={(v) => void save(v)} requiredMark={false} data-testid="orig-thresholds-form">
          <Space wrap size={[24, 0]} align="start">
            <Form.Item
              name="red"
              label={t('originality.settings.red')}
              rules={[{ required: true, message: t('originality.settings.percentRequired') }]}
            >
              <InputNumber min={0.1} max={100} step={1} precision={1} suffix="%" style={{ width: 140 }} data-testid="orig-threshold-red" />
            </Form.Item>
            <Form.Item
              name="orange"
              label={t('originality.settings.orange')}
              dependencies={['red']}
              rules={[
                { required: true, message: t('originality.settings.percentRequired') },
                ({ getFieldValue }) => ({
                  validator: (_, v: number | null) => (v == null || getFieldValue('red') == null || v < getFieldValue('red') ? Promise.resolve() : Promise.reject(new Error(t('originality.settings.orangeBelowRed')))),
                }),
              ]}
            >
              <InputNumber min={0.1} max={100} step={1} precision={1} suffix="%" style={{ width: 140 }} data-testid="orig-threshold-orange" />
            </Form.Item>
          </Space>
          <Space wrap align="center">
            <Button type="primary" htmlType="submit" loading={busy} {...buttonWithTestId('orig-thresholds-save')}>
              {t('common.save')}
            </Button>
            {q.data?.updatedAt && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('originality.settings.updatedAt', { at: formatDateTime(q.data.updatedAt, locale) })}
              </Typography.Text>
            )}
          </Space>
        </Form>
      )}
    </Card>
  );
}

const linesOf = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

function StockPhrasesForm() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const q = useStockPhrases();
  const [text, setText] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const current = text ?? q.data?.items.map((i) => i.phrase).join('\n') ?? '';
  const phrases = linesOf(current);
  const duplicates = phrases.length - new Set(phrases).size;
  const dirty = text !== null && text !== q.data?.items.map((i) => i.phrase).join('\n');
  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      const r = await api.put<StockList>('/api/originality/stock-phrases', { phrases: [...new Set(phrases)] });
      qc.setQueryData(['originality', 'stock'], r);
      setText(null);
      void message.success(t('originality.settings.phrasesSaved', { n: r.items.length }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="jdz-card-h">{t('originality.settings.phrases')}</h2>} style={{ marginBottom: 16 }} data-testid="orig-phrases-card">
      <Typography.Paragraph type="secondary">{t('originality.settings.phrasesIntro', { min: q.data?.minChars ?? 8 })}</Typography.Paragraph>
      <ErrorAlert error={q.error ?? error} testId="orig-phrases-error" />
      {q.isPending ? (
        <Spin description={t('common.loading')} />
      ) : (
        <div className="jdz-orig-phrases">
          <label htmlFor="orig-phrases" style={{ display: 'block', marginBottom: 6 }}>
            {t('originality.settings.phrasesLabel')}
          </label>
          <Input.TextArea id="orig-phrases" value={current} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 8, maxRows: 24 }} data-testid="orig-phrases" spellCheck={false} />
          <Space wrap style={{ marginTop: 8 }} align="center">
            <Button type="primary" onClick={() => void save()} loading={busy} disabled={!dirty} {...buttonWithTestId('orig-phrases-save')}>
              {t('common.save')}
            </Button>
            <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="orig-phrases-count">
              {t('originality.settings.phrasesCount', { n: phrases.length })}
              {duplicates > 0 ? t('originality.settings.phrasesDuplicates', { n: duplicates }) : ''}
            </Typography.Text>
            {q.data?.updatedAt && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('originality.settings.updatedAt', { at: formatDateTime(q.data.updatedAt, locale) })}
              </Typography.Text>
            )}
          </Space>
          {dirty && <Alert type="info" showIcon style={{ marginTop: 8 }} title={t('originality.settings.phrasesUnsaved')} />}
        </div>
      )}
    </Card>
  );
}

export default function SettingsPage() {
  const { t } = useI18n();
  usePageTitle('originality.settings.title');
  return (
    <>
      <PageHeader title={t('originality.settings.title')} />
      <ThresholdsForm />
      <StockPhrasesForm />
      <CampaignCheck />
    </>
  );
}
