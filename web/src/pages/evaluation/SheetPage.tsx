// /evaluation/my/:id (judge): the idea read blind — anonymous code, title, topic, the masked text and
// only what the platform generated from the attachments (extracted masked text, re-encoded images)
// — with the rubric's score inputs (range-checked here, the server's zh-CN message shown when it
// refuses), a comment, save as draft, submit, revise until the round closes, and 回避 (declare a
// conflict) with a reason. Works on a phone.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Space, Spin, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { fmtScore, SHEET_STATUS_COLOR, useMyDetail, type ConflictResult, type Criterion, type MyDetail } from './evaluationApi';

type Values = { scores: Record<string, number | null | undefined>; comment?: string | null };

/** 100 × Σ wᵢ·sᵢ / Σ wᵢ·maxᵢ over the scored criteria (the server's formula); null until all are scored. */
function liveTotal(rubric: Criterion[], scores: Values['scores'] | undefined): number | null {
  let num = 0;
  let den = 0;
  for (const c of rubric) {
    const v = scores?.[c.key];
    if (typeof v !== 'number') return null;
    num += c.weight * v;
    den += c.weight * c.maxPoints;
  }
  return den ? (100 * num) / den : null;
}

function ConflictButton({ id, disabled }: { id: number; disabled: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const submit = async ({ reason }: { reason: string }) => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<ConflictResult>(`/api/evaluation/my/${id}/conflict`, { reason });
      void message.success(r.message || t('eval.conflict.done'));
      await qc.invalidateQueries({ queryKey: ['evaluation', 'my'] });
      setOpen(false);
      void navigate('/evaluation/my');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button danger disabled={disabled} onClick={() => setOpen(true)} {...buttonWithTestId('eval-conflict-open')}>
        {t('eval.conflict.button')}
      </Button>
      <Modal
        open={open}
        title={t('eval.conflict.title')}
        onCancel={() => setOpen(false)}
        okText={t('eval.conflict.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true, loading: busy, ...buttonWithTestId('eval-conflict-ok') }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('eval.conflict.intro')}</Typography.Paragraph>
        <ErrorAlert error={error} testId="eval-conflict-error" />
        <Form form={form} layout="vertical" name="eval-conflict" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="reason" label={t('eval.conflict.reason')} rules={[{ required: true, whitespace: true, min: 2, message: t('eval.conflict.reasonRequired') }]}>
            <Input.TextArea rows={3} maxLength={500} showCount data-testid="eval-conflict-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ScoreForm({ d }: { d: MyDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [error, setError] = useState<unknown>(null);
  const rubric = d.round.rubric;
  const scores = Form.useWatch('scores', form);
  const total = useMemo(() => liveTotal(rubric, scores), [rubric, scores]);
  useEffect(() => {
    form.setFieldsValue({ scores: Object.fromEntries(rubric.map((c) => [c.key, d.scores[c.key] ?? null])), comment: d.comment ?? '' });
  }, [d, rubric, form]);

  const send = async (submit: boolean) => {
    setError(null);
    let v: Values;
    try {
      // A draft may leave criteria empty; submitting (or revising a submitted sheet) needs them all.
      const complete = submit || d.status === 'submitted';
      v = await form.validateFields(complete ? undefined : rubric.map((c) => ['scores', c.key]));
      if (complete) {
        const missing = rubric.filter((c) => typeof v.scores?.[c.key] !== 'number');
        if (missing.length) {
          form.setFields(missing.map((c) => ({ name: ['scores', c.key], errors: [t('eval.sheet.scoreRequired', { name: c.name })] })));
          return;
        }
      }
    } catch {
      return; // the form shows what is wrong
    }
    const body = {
      scores: Object.fromEntries(Object.entries(v.scores ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number')),
      comment: v.comment?.trim() ? v.comment.trim() : null,
    };
    setBusy(submit ? 'submit' : 'save');
    try {
      const r = submit ? await api.post<MyDetail>(`/api/evaluation/my/${d.id}/submit`, body) : await api.put<MyDetail>(`/api/evaluation/my/${d.id}/sheet`, body);
      qc.setQueryData(['evaluation', 'my', d.id], r);
      void qc.invalidateQueries({ queryKey: ['evaluation', 'my'], exact: true });
      void message.success(submit ? t('eval.sheet.submitted') : d.status === 'submitted' ? t('eval.sheet.revised') : t('eval.sheet.saved'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const ro = !d.canEdit;
  return (
    <Card title={<h2 className="jdz-card-h">{t('eval.sheet.scoring')}</h2>} data-testid="eval-sheet-form-card">
      <ErrorAlert error={error} testId="eval-sheet-error" />
      {ro && <Alert type="info" showIcon title={t('eval.sheet.readOnly')} style={{ marginBottom: 12 }} data-testid="eval-sheet-readonly" />}
      <Form form={form} name="eval-sheet" layout="vertical" requiredMark={false} disabled={ro} data-testid="eval-sheet-form">
        {rubric.map((c) => (
          <div className="jdz-eval-score-row" key={c.key}>
            <Form.Item
              name={['scores', c.key]}
              label={t('eval.sheet.criterion', { name: c.name, max: fmtScore(c.maxPoints) })}
              rules={[
                {
                  validator: (_, v: number | null | undefined) =>
                    v === null || v === undefined || (v >= 0 && v <= c.maxPoints) ? Promise.resolve() : Promise.reject(new Error(t('eval.sheet.outOfRange', { name: c.name, max: fmtScore(c.maxPoints) }))),
                },
              ]}
            >
              <InputNumber inputMode="decimal" step={c.step} style={{ width: 140 }} data-testid={`eval-score-${c.key}`} />
            </Form.Item>
            {c.weight !== 1 && <Typography.Text type="secondary">{t('eval.sheet.weight', { w: fmtScore(c.weight) })}</Typography.Text>}
          </div>
        ))}
        <Form.Item name="comment" label={t('eval.sheet.comment')}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="eval-sheet-comment" />
        </Form.Item>
        <p className="jdz-eval-total" data-testid="eval-sheet-total" aria-live="polite">
          {t('eval.totalIs', { total: total === null ? '—' : fmtScore(total) })}
        </p>
        {!ro && (
          <div className="jdz-eval-actions">
            {d.status !== 'submitted' ? (
              <>
                <Button onClick={() => void send(false)} loading={busy === 'save'} disabled={busy !== null} {...buttonWithTestId('eval-sheet-save')}>
                  {t('eval.sheet.saveDraft')}
                </Button>
                <Button type="primary" onClick={() => void send(true)} loading={busy === 'submit'} disabled={busy !== null} {...buttonWithTestId('eval-sheet-submit')}>
                  {t('eval.sheet.submit')}
                </Button>
              </>
            ) : (
              <Button type="primary" onClick={() => void send(false)} loading={busy === 'save'} disabled={busy !== null} {...buttonWithTestId('eval-sheet-revise')}>
                {t('eval.sheet.revise')}
              </Button>
            )}
            <ConflictButton id={d.id} disabled={busy !== null} />
          </div>
        )}
      </Form>
    </Card>
  );
}

export default function SheetPage() {
  const { t, locale } = useI18n();
  const id = Number(useParams().id);
  const q = useMyDetail(id);
  usePageTitle('eval.sheet.title', { code: q.data?.code ?? '' });
  const d = q.data;
  return (
    <>
      <PageHeader
        title={t('eval.sheet.title', { code: d?.code ?? '' })}
        extra={
          <Link to="/evaluation/my" data-testid="eval-sheet-back">
            {t('eval.sheet.back')}
          </Link>
        }
      />
      <ErrorAlert error={q.error} testId="eval-sheet-load-error" />
      {q.isPending ? (
        <Spin description={t('common.loading')} />
      ) : d ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card data-testid="eval-sheet-idea">
            <Typography.Title level={2} style={{ fontSize: 18, marginTop: 0 }} data-testid="eval-sheet-title">
              {d.title}
            </Typography.Title>
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'topic', label: t('eval.topic'), children: <span data-testid="eval-sheet-topic">{d.topic}</span> },
                { key: 'status', label: t('common.status'), children: <Tag color={SHEET_STATUS_COLOR[d.status]}>{t(`eval.sheet.status.${d.status}`)}</Tag> },
                { key: 'chars', label: t('eval.sheet.chars'), children: d.charCount },
                { key: 'round', label: t('eval.round'), children: d.round.title },
                ...(d.round.deadline ? [{ key: 'deadline', label: t('eval.deadlineLabel'), children: formatDateTime(d.round.deadline, locale) }] : []),
                ...(d.originality ? [{ key: 'orig', label: t('eval.sheet.originality'), children: `${Math.round(d.originality.similarity * 1000) / 10}%` }] : []),
                ...(!d.blind && d.unitName ? [{ key: 'unit', label: t('eval.sheet.unit'), children: d.unitName }] : []),
                ...(!d.blind && d.authors ? [{ key: 'authors', label: t('eval.sheet.authors'), children: d.authors.join('、') }] : []),
              ]}
            />
            {d.blind && <Typography.Paragraph type="secondary">{t('eval.sheet.blindNote')}</Typography.Paragraph>}
            <div className="jdz-eval-body" data-testid="eval-sheet-body">
              {d.body}
            </div>
          </Card>
          {d.attachments.length > 0 && (
            <Card title={<h2 className="jdz-card-h">{t('eval.sheet.attachments')}</h2>} data-testid="eval-sheet-attachments">
              <Typography.Paragraph type="secondary">{t('eval.sheet.attachmentsNote')}</Typography.Paragraph>
              <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                {d.attachments.map((a) => (
                  <div key={a.n} data-testid={`eval-attachment-${a.n}`}>
                    <Typography.Text strong>{a.label}</Typography.Text>
                    {a.kind === 'image' ? (
                      <img src={`/api/evaluation/my/${d.id}/image?n=${a.n}`} alt={a.label} style={{ display: 'block', maxWidth: '100%', marginTop: 8 }} />
                    ) : a.text ? (
                      <div className="jdz-eval-attachment">{a.text}</div>
                    ) : (
                      <Typography.Paragraph type="secondary">{t('eval.sheet.noText')}</Typography.Paragraph>
                    )}
                  </div>
                ))}
              </Space>
            </Card>
          )}
          <ScoreForm d={d} />
        </Space>
      ) : null}
    </>
  );
}
