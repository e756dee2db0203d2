// 评奖与公示 (issue 5 item 5), the bureau admin's tab of a closed round: the tier settings (by count
// or by share, normalised or raw ranking) and 拟定; the ranked list with tiers, scores, reviews and
// the disagreement flag; a tier changed by hand with its required reason (the computed tier and the
// reason stay in view); 取消资格 while proposed (the idea leaves the ranking); 公示 (default 5 working
// days, or an end date); objections with the unit's reason and the bureau's answer on the record;
// 确定 (disabled, with the reason, while the period runs or objections are unanswered; the server's
// refusal shown otherwise); once final the public switch, 推荐发布 per idea, the certificates (all, or
// one idea's) and the results .xlsx. On a phone the list is a column of cards; on a desktop a table.
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, InputNumber, Modal, Popconfirm, Radio, Select, Space, Spin, Switch, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { api, request, saveResponseAsFile } from '../../api';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime, shanghaiDayBound } from '../../format';
import { useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { useCurrentCampaign, useServerNow } from '../ideas/ideasApi';
import { fmtScore, useResults, type Mode, type Round } from './evaluationApi';
import { AWARDS_STATUS_COLOR, proposeAgainBody, specOf, TIER_COLOR, TIERS, useAwards, type AwardItem, type Awards, type Objection, type ProposeBody, type Tier, useSubmission } from './awardsApi';
import { DisqualifyDialog } from './DisqualifyDialog';

type By = 'count' | 'share';
type SettingsValues = { mode: Mode; by: By; issuer?: string } & Partial<Record<Tier, number | null>>;

function useTierLabel() {
  const { t } = useI18n();
  return (tier: Tier | null) => (tier ? t(`eval.awards.tier.${tier}`) : t('eval.awards.tier.none'));
}

/** 拟定: the settings form (first proposal, or again while proposed: hand adjustments are then dropped). */
function SettingsForm({ round, awards, onProposed }: { round: Round; awards: Awards | null; onProposed: (a: Awards & { excluded: number[] }) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<SettingsValues>();
  const { busy, error, run } = useSubmission();
  const by = Form.useWatch('by', form) ?? 'count';
  const initial = useMemo<SettingsValues>(() => {
    const spec = awards ? specOf(awards) : null;
    const base: SettingsValues = { mode: awards?.mode ?? 'normalized', by: spec?.by ?? 'count', issuer: awards?.issuer };
    if (spec?.by === 'share') for (const k of TIERS) base[k] = spec.shares[k] != null ? Math.round(spec.shares[k]! * 1000) / 10 : null;
    else if (spec?.by === 'count') for (const k of TIERS) base[k] = spec.counts[k] ?? null;
    return base;
  }, [awards]);
  const adjusted = awards?.items.filter((i) => i.reason !== null).length ?? 0;
  const submit = async (v: SettingsValues) => {
    const values: Partial<Record<Tier, number>> = {};
    for (const k of TIERS) if (typeof v[k] === 'number') values[k] = v.by === 'share' ? Math.round(v[k]! * 10) / 1000 : v[k]!;
    const body: ProposeBody = { mode: v.mode, by: v.by, ...(v.by === 'count' ? { counts: values } : { shares: values }), ...(v.issuer?.trim() ? { issuer: v.issuer.trim() } : {}) };
    await run(async () => onProposed(await api.post<Awards & { excluded: number[] }>(`/api/evaluation/rounds/${round.id}/awards/propose`, body)));
  };
  return (
    <Card size="small" title={<h2 className="jdz-card-h">{t('eval.awards.settings')}</h2>} data-testid="eval-awards-settings">
      <ErrorAlert error={error} testId="eval-awards-propose-error" />
      <Form form={form} layout="vertical" name="eval-awards" initialValues={initial} onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item name="mode" label={t('eval.awards.mode')} extra={t('eval.awards.modeHelp')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'normalized', label: <span data-testid="eval-awards-mode-normalized">{t('eval.results.normalized')}</span> },
              { value: 'raw', label: <span data-testid="eval-awards-mode-raw">{t('eval.results.raw')}</span> },
            ]}
          />
        </Form.Item>
        <Form.Item name="by" label={t('eval.awards.by')} extra={by === 'share' ? t('eval.awards.byShareHelp') : t('eval.awards.byCountHelp')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'count', label: <span data-testid="eval-awards-by-count">{t('eval.awards.byCount')}</span> },
              { value: 'share', label: <span data-testid="eval-awards-by-share">{t('eval.awards.byShare')}</span> },
            ]}
          />
        </Form.Item>
        <div className="jdz-eval-criterion">
          {TIERS.map((k) => (
            <Form.Item key={k} name={k} label={t(`eval.awards.tier.${k}`)}>
              <InputNumber
                min={0}
                max={by === 'share' ? 100 : 100000}
                step={by === 'share' ? 5 : 1}
                precision={by === 'share' ? 1 : 0}
                suffix={by === 'share' ? '%' : t('eval.awards.countUnit')}
                style={{ width: 140 }}
                data-testid={`eval-awards-${k}`}
              />
            </Form.Item>
          ))}
        </div>
        <Form.Item name="issuer" label={t('eval.awards.issuer')} extra={t('eval.awards.issuerHelp')} rules={[{ min: 2, max: 100, message: t('eval.awards.issuerLength') }]}>
          <Input maxLength={100} placeholder="教育局" style={{ maxWidth: 360 }} data-testid="eval-awards-issuer" />
        </Form.Item>
        {awards && adjusted > 0 && <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('eval.awards.reproposeDrops', { n: adjusted })} />}
        <Button type="primary" htmlType="submit" loading={busy} {...buttonWithTestId('eval-awards-propose')}>
          {awards ? t('eval.awards.proposeAgain') : t('eval.awards.propose')}
        </Button>
      </Form>
    </Card>
  );
}

/** A tier changed by hand, with its required reason. */
function AdjustDialog({ roundId, item, onClose }: { roundId: number; item: AwardItem | null; onClose: () => void }) {
  const { t } = useI18n();
  const tierLabel = useTierLabel();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ tier: Tier | 'none'; reason: string }>();
  const { busy, error, run, clearError } = useSubmission();
  const submit = async (v: { tier: Tier | 'none'; reason: string }) => {
    if (!item) return;
    const done = await run(async () => {
      const a = await api.post<Awards>(`/api/evaluation/rounds/${roundId}/awards/adjust`, { ideaId: item.ideaId, tier: v.tier === 'none' ? null : v.tier, reason: v.reason.trim() });
      qc.setQueryData(['evaluation', 'round', roundId, 'awards'], a);
    });
    if (done) {
      void message.success(t('eval.awards.adjusted'));
      onClose();
    }
  };
  return (
    <Modal
      open={item !== null}
      title={t('eval.awards.adjustTitle')}
      onCancel={onClose}
      okText={t('eval.awards.adjustSave')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: busy, ...buttonWithTestId('eval-adjust-ok') }}
      onOk={() => form.submit()}
      afterClose={clearError}
      destroyOnHidden
    >
      {item && (
        <>
          <Typography.Paragraph>
            <Typography.Text strong>{item.title}</Typography.Text>
            <br />
            {t('eval.awards.computedIs', { tier: tierLabel(item.computedTier), rank: item.rank })}
          </Typography.Paragraph>
          <ErrorAlert error={error} testId="eval-adjust-error" />
          <Form form={form} layout="vertical" name="eval-adjust" initialValues={{ tier: item.tier ?? 'none', reason: '' }} onFinish={(v) => void submit(v)} requiredMark={false}>
            <Form.Item name="tier" label={t('eval.awards.newTier')}>
              <Select
                data-testid="eval-adjust-tier"
                options={[...TIERS.map((k) => ({ value: k, label: tierLabel(k) })), { value: 'none', label: tierLabel(null) }]}
              />
            </Form.Item>
            <Form.Item name="reason" label={t('eval.awards.reason')} extra={t('eval.awards.reasonHelp')} rules={[{ required: true, whitespace: true, min: 2, message: t('eval.awards.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={500} showCount data-testid="eval-adjust-reason" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

/** An objection with the unit's reason; while open, the bureau's answer (upheld or rejected, with a reply). */
function ObjectionCard({ o, roundId, canAnswer }: { o: Objection; roundId: number; canAnswer: boolean }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'rejected'; reply: string }>();
  const { busy, error, run } = useSubmission();
  const answer = async (v: { outcome: 'upheld' | 'rejected'; reply: string }) => {
    const done = await run(() => api.post(`/api/evaluation/objections/${o.id}/answer`, { outcome: v.outcome, reply: v.reply.trim() }));
    if (done) {
      void message.success(t('eval.awards.obj.answered'));
      await qc.invalidateQueries({ queryKey: ['evaluation', 'round', roundId, 'awards'] });
    }
  };
  const color = o.status === 'open' ? 'warning' : o.status === 'upheld' ? 'success' : 'default';
  return (
    <Card size="small" data-testid={`eval-obj-${o.id}`} title={<h3 className="jdz-card-h">{o.title}</h3>} extra={<Tag color={color} data-testid={`eval-obj-status-${o.id}`}>{t(`eval.awards.obj.status.${o.status}`)}</Tag>}>
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'unit', label: t('eval.awards.obj.unit'), children: o.unitName },
          { key: 'at', label: t('eval.awards.obj.filedAt'), children: formatDateTime(o.filedAt, locale) },
          { key: 'reason', label: t('eval.awards.obj.reason'), children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{o.reason}</span> },
          ...(o.reply !== null
            ? [
                { key: 'reply', label: t('eval.awards.obj.reply'), children: <span style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid={`eval-obj-reply-text-${o.id}`}>{o.reply}</span> },
                { key: 'answeredAt', label: t('eval.awards.obj.answeredAt'), children: formatDateTime(o.answeredAt, locale) },
              ]
            : []),
        ]}
      />
      {o.status === 'open' && canAnswer && (
        <>
          <ErrorAlert error={error} testId={`eval-obj-error-${o.id}`} />
          <Form form={form} layout="vertical" name={`eval-obj-${o.id}`} onFinish={(v) => void answer(v)} requiredMark={false} style={{ marginTop: 8 }}>
            <Form.Item name="outcome" label={t('eval.awards.obj.outcome')} rules={[{ required: true, message: t('eval.awards.obj.outcomeRequired') }]} extra={t('eval.awards.obj.upheldHelp')}>
              <Radio.Group
                options={[
                  { value: 'upheld', label: <span data-testid={`eval-obj-upheld-${o.id}`}>{t('eval.awards.obj.status.upheld')}</span> },
                  { value: 'rejected', label: <span data-testid={`eval-obj-rejected-${o.id}`}>{t('eval.awards.obj.status.rejected')}</span> },
                ]}
              />
            </Form.Item>
            <Form.Item name="reply" label={t('eval.awards.obj.reply')} rules={[{ required: true, whitespace: true, min: 2, message: t('eval.awards.obj.replyRequired') }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount data-testid={`eval-obj-reply-${o.id}`} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} {...buttonWithTestId(`eval-obj-answer-${o.id}`)}>
              {t('eval.awards.obj.answer')}
            </Button>
          </Form>
        </>
      )}
    </Card>
  );
}

export function AwardsTab({ round }: { round: Round }) {
  const { t, locale } = useI18n();
  const tierLabel = useTierLabel();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const mobile = useIsMobile();
  const q = useAwards(round.id);
  const results = useResults(round.id, 'raw');
  const campaign = useCurrentCampaign();
  const serverNow = useServerNow(campaign.data?.skew ?? 0, 15_000);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [endDay, setEndDay] = useState('');
  const [adjusting, setAdjusting] = useState<AwardItem | null>(null);
  const [disqualifying, setDisqualifying] = useState<AwardItem | null>(null);
  const key = ['evaluation', 'round', round.id, 'awards'];
  const a = q.data;
  const codes = useMemo(() => new Map((results.data?.ideas ?? []).map((i) => [i.ideaId, i.code])), [results.data]);
  // Ranked in the results but not in the proposed list: disqualified (the proposal leaves them out).
  const disqualified = useMemo(() => {
    if (!a || !results.data) return [];
    const listed = new Set(a.items.map((i) => i.ideaId));
    return results.data.ideas.filter((i) => results.data!.overall.some((r) => r.ideaId === i.ideaId) && !listed.has(i.ideaId));
  }, [a, results.data]);

  const run = async (verb: string, fn: () => Promise<Awards | null>, done: string) => {
    setBusy(verb);
    setError(null);
    try {
      const next = await fn();
      if (next) qc.setQueryData(key, next);
      else await qc.invalidateQueries({ queryKey: key });
      void message.success(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const download = async (verb: string, path: string, fallback: string) => {
    setBusy(verb);
    try {
      const res = await request<Response>(path, { raw: true });
      const name = await saveResponseAsFile(res, fallback);
      void message.success(t('eval.awards.downloaded', { name }));
    } catch (e) {
      void message.error(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  if (q.isPending) return <Spin description={t('common.loading')} />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const base = `/api/evaluation/rounds/${round.id}/awards`;
  const endsAt = endDay ? shanghaiDayBound(endDay, true) : undefined;
  const openObjections = a?.objections.filter((o) => o.status === 'open').length ?? 0;
  const noticeRunning = a?.status === 'announced' && a.noticeEndsAt !== null && serverNow <= Date.parse(a.noticeEndsAt);
  const finalizeBlocked = a?.status === 'announced' ? (noticeRunning ? t('eval.awards.finalizeWaitPeriod', { end: formatDateTime(a.noticeEndsAt, locale) }) : openObjections > 0 ? t('eval.awards.finalizeWaitObjections', { n: openObjections }) : null) : null;

  // One rendering of a ranked idea's parts for the desktop table and the phone's cards.
  const titleOf = (r: AwardItem) => (
    <>
      {codes.get(r.ideaId) && <Typography.Text type="secondary">{codes.get(r.ideaId)} </Typography.Text>}
      <span data-testid="eval-award-title">{r.title}</span>
    </>
  );
  const unitOf = (r: AwardItem) => (
    <>
      {r.unitName}
      <br />
      <Typography.Text type="secondary">{r.authors.join('、')}</Typography.Text>
    </>
  );
  const tierOf = (r: AwardItem) => (
    <div style={{ minWidth: 100, maxWidth: mobile ? undefined : 200, overflowWrap: 'anywhere' }} data-testid={`eval-award-tier-${r.ideaId}`}>
      {r.tier ? <Tag color={TIER_COLOR[r.tier]}>{tierLabel(r.tier)}</Tag> : <Typography.Text type="secondary">{tierLabel(null)}</Typography.Text>}
      {r.reason !== null && (
        <div data-testid={`eval-award-adjusted-${r.ideaId}`}>
          <Typography.Text type="secondary">{t('eval.awards.computedShort', { tier: tierLabel(r.computedTier) })}</Typography.Text>
          <br />
          <Typography.Text type="secondary">{t('eval.awards.reasonShort', { reason: r.reason })}</Typography.Text>
        </div>
      )}
    </div>
  );
  const rawOf = (r: AwardItem) => <span data-testid="eval-award-raw">{fmtScore(r.rawScore)}</span>;
  const spreadOf = (r: AwardItem) => (
    <Space size={4}>
      {fmtScore(r.spread)}
      {r.flagged && <Tag color="orange">{t('eval.results.flagged')}</Tag>}
    </Space>
  );
  const excellentOf = (r: AwardItem) => (
    <Switch
      size="small"
      checked={r.excellent}
      loading={busy === `x${r.ideaId}`}
      aria-label={t('eval.awards.excellentFor', { title: r.title })}
      data-testid={`eval-award-excellent-${r.ideaId}`}
      onChange={(v) => void run(`x${r.ideaId}`, () => api.put<Awards>(`${base}/excellent`, { ideaId: r.ideaId, excellent: v }), v ? t('eval.awards.excellentOn') : t('eval.awards.excellentOff'))}
    />
  );
  const actionsOf = (r: AwardItem) => (
    <Space wrap size={4}>
      {a?.status !== 'final' && (
        <Button size="small" onClick={() => setAdjusting(r)} aria-label={t('eval.awards.adjustFor', { title: r.title })} {...buttonWithTestId(`eval-award-adjust-${r.ideaId}`)}>
          {t('eval.awards.adjust')}
        </Button>
      )}
      {a?.status === 'proposed' && (
        <Button size="small" danger onClick={() => setDisqualifying(r)} aria-label={t('eval.disq.openFor', { title: r.title })} {...buttonWithTestId(`eval-disq-open-${r.ideaId}`)}>
          {t('eval.disq.open')}
        </Button>
      )}
      {a?.status === 'final' && r.tier && (
        <Button
          size="small"
          icon={<DownloadOutlined aria-hidden />}
          loading={busy === `c${r.ideaId}`}
          aria-label={t('eval.awards.certificateFor', { title: r.title })}
          onClick={() => void download(`c${r.ideaId}`, `${base}/certificates.pdf?ideaId=${r.ideaId}`, `certificate-${r.ideaId}.pdf`)}
          {...buttonWithTestId(`eval-award-cert-${r.ideaId}`)}
        >
          {t('eval.awards.certificate')}
        </Button>
      )}
    </Space>
  );

  const columns = [
    { key: 'rank', title: t('eval.results.rank'), render: (_: unknown, r: AwardItem) => <span data-testid="eval-award-rank">{r.rank}</span> },
    { key: 'title', title: t('eval.ideaTitle'), render: (_: unknown, r: AwardItem) => <div style={{ minWidth: 140, maxWidth: 260, overflowWrap: 'anywhere' }}>{titleOf(r)}</div> },
    { key: 'unit', title: t('eval.awards.unitAuthors'), render: (_: unknown, r: AwardItem) => <div style={{ minWidth: 120 }}>{unitOf(r)}</div> },
    { key: 'tier', title: t('eval.awards.tierCol'), render: (_: unknown, r: AwardItem) => tierOf(r) },
    { key: 'raw', title: t('eval.results.rawMean'), render: (_: unknown, r: AwardItem) => rawOf(r) },
    { key: 'norm', title: t('eval.results.normScore'), render: (_: unknown, r: AwardItem) => fmtScore(r.normalizedScore) },
    { key: 'sheets', title: t('eval.results.sheets'), render: (_: unknown, r: AwardItem) => r.sheets },
    { key: 'spread', title: t('eval.results.spread'), render: (_: unknown, r: AwardItem) => spreadOf(r) },
    ...(a?.status === 'final' ? [{ key: 'excellent', title: t('eval.awards.excellent'), render: (_: unknown, r: AwardItem) => excellentOf(r) }] : []),
    { key: 'actions', title: t('common.actions'), render: (_: unknown, r: AwardItem) => actionsOf(r) },
  ];

  /** On a phone each ranked idea is a card: rank and title, unit and authors, the tier, the scores, the actions. */
  const card = (r: AwardItem) => (
    <Card key={r.ideaId} size="small" data-testid={`eval-award-card-${r.ideaId}`}>
      <h3 className="jdz-card-h" style={{ overflowWrap: 'anywhere', marginBottom: 4 }}>
        <span data-testid="eval-award-rank">{r.rank}</span>. {titleOf(r)}
      </h3>
      <div style={{ marginBottom: 8 }}>{unitOf(r)}</div>
      {tierOf(r)}
      <Descriptions
        size="small"
        column={2}
        style={{ marginTop: 8 }}
        items={[
          { key: 'raw', label: t('eval.results.rawMean'), children: rawOf(r) },
          { key: 'norm', label: t('eval.results.normScore'), children: fmtScore(r.normalizedScore) },
          { key: 'sheets', label: t('eval.results.sheets'), children: r.sheets },
          { key: 'spread', label: t('eval.results.spread'), children: spreadOf(r) },
        ]}
      />
      {a?.status === 'final' && (
        <Space size={8} style={{ marginBottom: 8 }}>
          {excellentOf(r)}
          <span aria-hidden>{t('eval.awards.excellent')}</span>
        </Space>
      )}
      {actionsOf(r)}
    </Card>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="eval-awards">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('eval.awards.intro')}
      </Typography.Paragraph>
      {(!a || a.status === 'proposed') && (
        <SettingsForm
          round={round}
          awards={a ?? null}
          onProposed={(next) => {
            const { excluded: _excluded, ...rest } = next;
            qc.setQueryData(key, rest);
            void message.success(t('eval.awards.proposed', { n: rest.items.length }));
          }}
        />
      )}
      {!a ? (
        <Empty description={t('eval.awards.none')} data-testid="eval-awards-none" />
      ) : (
        <>
          <Card size="small" title={<h2 className="jdz-card-h">{t('eval.awards.stateTitle')}</h2>} data-testid="eval-awards-state">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2, lg: 3 }}
              items={[
                { key: 'status', label: t('common.status'), children: <Tag color={AWARDS_STATUS_COLOR[a.status]} data-testid="eval-awards-status">{t(`eval.awards.status.${a.status}`)}</Tag> },
                { key: 'mode', label: t('eval.awards.mode'), children: a.mode === 'raw' ? t('eval.results.raw') : t('eval.results.normalized') },
                { key: 'issuer', label: t('eval.awards.issuer'), children: a.issuer },
                { key: 'proposedAt', label: t('eval.awards.proposedAt'), children: formatDateTime(a.proposedAt, locale) },
                ...(a.announcedAt ? [{ key: 'notice', label: t('eval.awards.noticePeriod'), children: <span data-testid="eval-awards-notice-period">{t('eval.awards.noticeRange', { from: formatDateTime(a.announcedAt, locale), to: formatDateTime(a.noticeEndsAt, locale) })}</span> }] : []),
                ...(a.finalizedAt ? [{ key: 'finalizedAt', label: t('eval.awards.finalizedAt'), children: formatDateTime(a.finalizedAt, locale) }] : []),
              ]}
            />
            <ErrorAlert error={error} testId="eval-awards-error" />
            {a.status === 'proposed' && (
              <div className="jdz-eval-actions" style={{ alignItems: 'flex-end' }}>
                <label style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                  <span>{t('eval.awards.endsAt')}</span>
                  <Input type="date" value={endDay} onChange={(e) => setEndDay(e.target.value)} style={{ width: mobile ? '100%' : 180 }} data-testid="eval-awards-ends-at" />
                </label>
                <Popconfirm
                  title={t('eval.awards.announceConfirm')}
                  description={endsAt ? t('eval.awards.announceUntil', { end: formatDateTime(endsAt, locale) }) : t('eval.awards.announceDefault')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  okButtonProps={buttonWithTestId('eval-awards-announce-ok')}
                  onConfirm={() => void run('announce', () => api.post<Awards>(`${base}/announce`, endsAt ? { endsAt } : {}), t('eval.awards.announced'))}
                >
                  <Button type="primary" loading={busy === 'announce'} {...buttonWithTestId('eval-awards-announce')}>
                    {t('eval.awards.announce')}
                  </Button>
                </Popconfirm>
              </div>
            )}
            {a.status === 'proposed' && (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t('eval.awards.endsAtHelp')}
              </Typography.Paragraph>
            )}
            {a.status === 'announced' && (
              <>
                <div className="jdz-eval-actions">
                  <Popconfirm
                    title={t('eval.awards.finalizeConfirm')}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                    okButtonProps={buttonWithTestId('eval-awards-finalize-ok')}
                    disabled={finalizeBlocked !== null}
                    onConfirm={() => void run('finalize', () => api.post<Awards>(`${base}/finalize`, {}), t('eval.awards.finalized'))}
                  >
                    <Button type="primary" disabled={finalizeBlocked !== null} loading={busy === 'finalize'} aria-describedby={finalizeBlocked ? 'eval-awards-finalize-blocked' : undefined} {...buttonWithTestId('eval-awards-finalize')}>
                      {t('eval.awards.finalize')}
                    </Button>
                  </Popconfirm>
                </div>
                {finalizeBlocked && (
                  <Typography.Paragraph type="secondary" id="eval-awards-finalize-blocked" style={{ marginTop: 8, marginBottom: 0 }} data-testid="eval-awards-finalize-blocked">
                    {finalizeBlocked}
                  </Typography.Paragraph>
                )}
              </>
            )}
            {a.status === 'final' && (
              <Space wrap align="center" style={{ marginBottom: 8 }}>
                <Switch
                  checked={a.public}
                  loading={busy === 'public'}
                  aria-labelledby="eval-awards-public-label"
                  data-testid="eval-awards-public"
                  onChange={(v) => void run('public', () => api.put<Awards>(`${base}/public`, { public: v }), v ? t('eval.awards.publicOn') : t('eval.awards.publicOff'))}
                />
                <span id="eval-awards-public-label">{t('eval.awards.public')}</span>
              </Space>
            )}
            <div className="jdz-eval-actions" style={{ marginTop: 8 }}>
              {a.status === 'final' && (
                <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'certs'} onClick={() => void download('certs', `${base}/certificates.pdf`, `certificates-${round.id}.pdf`)} {...buttonWithTestId('eval-awards-certs')}>
                  {t('eval.awards.certificates')}
                </Button>
              )}
              <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'xlsx'} onClick={() => void download('xlsx', `${base}/results.xlsx`, `results-${round.id}.xlsx`)} {...buttonWithTestId('eval-awards-xlsx')}>
                {t('eval.awards.xlsx')}
              </Button>
            </div>
          </Card>

          <section aria-labelledby="eval-awards-list-h">
            <h2 className="jdz-card-h" id="eval-awards-list-h" style={{ marginBottom: 8 }}>
              {t('eval.awards.listTitle', { n: a.items.length })}
            </h2>
            {mobile ? (
              <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="eval-awards-cards">
                {a.items.map(card)}
              </div>
            ) : (
              <DataTable<AwardItem>
                label={t('eval.awards.listTitle', { n: a.items.length })}
                testId="eval-awards-table"
                rowKey="ideaId"
                dataSource={a.items}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                onRow={(r) => ({ 'data-testid': `eval-award-row-${r.ideaId}` }) as React.HTMLAttributes<HTMLElement>}
                columns={columns}
              />
            )}
          </section>

          {disqualified.length > 0 && (
            <Alert
              type="info"
              showIcon
              data-testid="eval-awards-disqualified"
              title={t('eval.disq.listed', { n: disqualified.length })}
              description={disqualified.map((i) => `${i.code} ${i.title}`).join('；')}
            />
          )}

          {(a.status !== 'proposed' || a.objections.length > 0) && (
            <section aria-labelledby="eval-awards-obj-h" data-testid="eval-awards-objections">
              <h2 className="jdz-card-h" id="eval-awards-obj-h" style={{ marginBottom: 8 }}>
                {t('eval.awards.obj.title', { n: a.objections.length, open: openObjections })}
              </h2>
              {a.objections.length === 0 ? (
                <Typography.Paragraph type="secondary">{t('eval.awards.obj.none')}</Typography.Paragraph>
              ) : (
                <Space orientation="vertical" size={12} style={{ width: '100%' }}>
                  {a.objections.map((o) => (
                    <ObjectionCard key={o.id} o={o} roundId={round.id} canAnswer={a.status !== 'final'} />
                  ))}
                </Space>
              )}
            </section>
          )}
        </>
      )}
      <AdjustDialog roundId={round.id} item={adjusting} onClose={() => setAdjusting(null)} />
      <DisqualifyDialog
        idea={disqualifying}
        onClose={() => setDisqualifying(null)}
        after={async () => {
          // The disqualification is saved; proposing again takes the idea off the list. Should that be
          // refused (e.g. more places than ideas left), the state card says why and the settings stay.
          const body = a ? proposeAgainBody(a, disqualifying!.ideaId) : null;
          setError(null);
          try {
            if (body) qc.setQueryData(key, await api.post<Awards>(`${base}/propose`, body));
            void message.success(t('eval.disq.done'));
          } catch (e) {
            setError(e);
          }
          await qc.invalidateQueries({ queryKey: ['evaluation', 'round', round.id] });
        }}
      />
    </Space>
  );
}
