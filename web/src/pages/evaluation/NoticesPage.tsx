// /evaluation/notices (unit admin): "评比结果公示" — every announced or final results list (rank, tier,
// title, unit, topic: the server sends no authors, phones or scores), the end of the notice with the
// time left on the server's clock, a form to file an objection (异议) about a listed idea while the
// notice is open, and the unit's own objections with the bureau's answers.
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Input, List, Select, Space, Spin, Tag, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { countdown, formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { useCurrentCampaign, useServerNow } from '../ideas/ideasApi';
import { OBJECTION_REASON, TIER_COLOR, useFileObjection, useNotices, type Notice, type Objection } from './noticesApi';

const OBJECTION_COLOR: Record<Objection['status'], string> = { open: 'processing', upheld: 'success', rejected: 'default' };

function NoticeEnd({ notice, skew }: { notice: Notice; skew: number }) {
  const { t, locale } = useI18n();
  const now = useServerNow(skew, 1000);
  if (notice.status === 'final') return <Alert type="success" showIcon title={t('eval.notices.final')} data-testid={`notice-end-${notice.roundId}`} />;
  if (!notice.noticeEndsAt) return null;
  const cd = countdown(notice.noticeEndsAt, now);
  const open = notice.open && !cd.past;
  return (
    <Alert
      type={open ? (cd.days < 1 ? 'warning' : 'info') : 'warning'}
      showIcon
      data-testid={`notice-end-${notice.roundId}`}
      title={
        <span>
          {t('eval.notices.endsAt', { at: formatDateTime(notice.noticeEndsAt, locale) })}
          {'　'}
          <strong data-testid={`notice-left-${notice.roundId}`}>{open ? t('todo.countdown', { d: cd.days, h: cd.hours, m: cd.minutes, s: cd.seconds }) : t('eval.notices.ended')}</strong>
        </span>
      }
      description={open ? t('eval.notices.openHelp') : t('eval.notices.endedHelp')}
    />
  );
}

function ObjectionForm({ notice }: { notice: Notice }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ ideaId?: number; reason: string }>();
  const file = useFileObjection(notice.roundId);
  const [error, setError] = useState<unknown>(null);
  const submit = async (v: { ideaId?: number; reason: string }) => {
    setError(null);
    try {
      await file.mutateAsync({ ideaId: v.ideaId!, reason: v.reason.trim() });
      form.resetFields();
      void message.success(t('eval.notices.filed'));
    } catch (e) {
      setError(e);
    }
  };
  const tierText = (r: Notice['results'][number]) => (r.tier ? t(`eval.awards.tier.${r.tier}`) : t('eval.awards.tier.none'));
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid={`objection-form-${notice.roundId}`} requiredMark="optional">
      <ErrorAlert error={error} testId="objection-error" />
      <Form.Item name="ideaId" label={t('eval.notices.idea')} rules={[{ required: true, message: t('eval.notices.ideaRequired') }]}>
        <Select
          data-testid="objection-idea"
          placeholder={t('eval.notices.ideaPlaceholder')}
          showSearch={{ optionFilterProp: 'label' }}
          options={notice.results.map((r) => ({ value: r.ideaId, label: `${t('eval.notices.rankOf', { rank: r.rank })} ${tierText(r)}《${r.title}》${r.unitName}` }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('eval.notices.reason')}
        extra={t('eval.notices.reasonHelp', { min: OBJECTION_REASON.min, max: OBJECTION_REASON.max })}
        rules={[
          { required: true, whitespace: true, message: t('eval.notices.reasonShort', { min: OBJECTION_REASON.min }) },
          { validator: async (_r, v: string | undefined) => { if ((v ?? '').trim().length < OBJECTION_REASON.min) throw new Error(t('eval.notices.reasonShort', { min: OBJECTION_REASON.min })); } },
        ]}
      >
        <Input.TextArea data-testid="objection-reason" rows={4} showCount maxLength={OBJECTION_REASON.max} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={file.isPending} data-testid="objection-submit">
        {t('eval.notices.file')}
      </Button>
    </Form>
  );
}

function NoticeCard({ notice, skew }: { notice: Notice; skew: number }) {
  const { t, locale } = useI18n();
  return (
    <Card
      title={<h2 className="jdz-card-h">{notice.roundTitle}</h2>}
      extra={<Tag color={notice.status === 'final' ? 'success' : 'processing'}>{t(`eval.awards.status.${notice.status}`)}</Tag>}
      data-testid={`notice-${notice.roundId}`}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <NoticeEnd notice={notice} skew={skew} />
        <section aria-labelledby={`notice-list-h-${notice.roundId}`}>
          <h3 className="jdz-card-h" id={`notice-list-h-${notice.roundId}`}>
            {t('eval.notices.list', { n: notice.results.length })}
          </h3>
          <List
            data-testid={`notice-results-${notice.roundId}`}
            dataSource={notice.results}
            locale={{ emptyText: t('eval.notices.noResults') }}
            renderItem={(r) => (
              <List.Item key={r.ideaId} data-testid={`notice-item-${r.ideaId}`}>
                <List.Item.Meta
                  title={
                    <Space wrap size={[8, 0]}>
                      <Typography.Text strong>{t('eval.notices.rankOf', { rank: r.rank })}</Typography.Text>
                      {r.tier ? <Tag color={TIER_COLOR[r.tier]}>{t(`eval.awards.tier.${r.tier}`)}</Tag> : <Tag>{t('eval.awards.tier.none')}</Tag>}
                      <span>《{r.title}》</span>
                    </Space>
                  }
                  description={
                    <Space wrap size={[8, 4]}>
                      <span>{r.unitName}</span>
                      {r.topic && <Tag>{r.topic}</Tag>}
                    </Space>
                  }
                />
              </List.Item>
            )}
          />
        </section>
        {notice.open && (
          <section aria-labelledby={`objection-h-${notice.roundId}`}>
            <h3 className="jdz-card-h" id={`objection-h-${notice.roundId}`}>
              {t('eval.notices.fileTitle')}
            </h3>
            <ObjectionForm notice={notice} />
          </section>
        )}
        <section aria-labelledby={`objections-h-${notice.roundId}`}>
          <h3 className="jdz-card-h" id={`objections-h-${notice.roundId}`}>
            {t('eval.notices.mine', { n: notice.objections.length })}
          </h3>
          <List
            data-testid={`objections-${notice.roundId}`}
            dataSource={notice.objections}
            locale={{ emptyText: t('eval.notices.mineNone') }}
            renderItem={(o) => (
              <List.Item key={o.id} data-testid={`objection-${o.id}`}>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space wrap size={[8, 0]}>
                    <Tag color={OBJECTION_COLOR[o.status]} data-testid={`objection-status-${o.id}`}>
                      {t(`eval.awards.obj.status.${o.status}`)}
                    </Tag>
                    <Typography.Text strong>《{o.title}》</Typography.Text>
                    <span>{o.unitName}</span>
                  </Space>
                  <Typography.Text type="secondary">{t('eval.notices.filedAt', { at: formatDateTime(o.filedAt, locale) })}</Typography.Text>
                  <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{o.reason}</Typography.Paragraph>
                  {o.reply && (
                    <Alert
                      type={o.status === 'upheld' ? 'success' : 'info'}
                      title={t('eval.notices.reply', { at: o.answeredAt ? formatDateTime(o.answeredAt, locale) : '' })}
                      description={<span data-testid={`objection-reply-${o.id}`}>{o.reply}</span>}
                    />
                  )}
                </Space>
              </List.Item>
            )}
          />
        </section>
      </Space>
    </Card>
  );
}

export default function NoticesPage() {
  const { t } = useI18n();
  usePageTitle('eval.notices.title');
  const q = useNotices();
  const camp = useCurrentCampaign();
  const skew = camp.data?.skew ?? 0;
  return (
    <>
      <PageHeader title={t('eval.notices.title')} />
      <Typography.Paragraph type="secondary">{t('eval.notices.intro')}</Typography.Paragraph>
      <ErrorAlert error={q.error} testId="notices-error" />
      {q.isPending ? (
        <Spin description={t('common.loading')} />
      ) : !q.data || q.data.length === 0 ? (
        <Empty description={t('eval.notices.none')} data-testid="notices-empty" />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {q.data.map((n) => (
            <NoticeCard key={n.roundId} notice={n} skew={skew} />
          ))}
        </Space>
      )}
    </>
  );
}
