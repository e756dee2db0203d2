// The current campaign: its phases (current one highlighted) and the next deadline with a
// countdown; all times in Asia/Shanghai.
import { useEffect, useState } from 'react';
import { Card, Empty, Statistic, Steps, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { countdown, formatDate, formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import type { Campaign } from '../../types';
import { currentPhaseIndex, nextDeadline } from './campaign';

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function CampaignCard() {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const clientNow = useNow(30_000);
  const q = useQuery({
    queryKey: ['campaign', 'current'],
    queryFn: async () => {
      try {
        const c = await api.get<Campaign>('/api/campaigns/current');
        const server = c.serverTime ? Date.parse(c.serverTime) : NaN;
        return { campaign: c, skew: Number.isFinite(server) ? server - Date.now() : 0 };
      } catch (e) {
        if (isApiError(e, 'NOT_FOUND')) return null;
        throw e;
      }
    },
  });

  if (q.isError) return <ErrorAlert error={q.error} />;
  if (q.isPending) return <Card loading title={t('home.campaign')} />;
  const c = q.data?.campaign;
  const now = clientNow + (q.data?.skew ?? 0); // the server's clock decides deadlines, not the phone's
  if (!c) {
    return (
      <Card title={<h2 className="jdz-card-h">{t('home.campaign')}</h2>} data-testid="campaign-none">
        <Empty description={t('home.noCampaign')} />
      </Card>
    );
  }
  const current = currentPhaseIndex(c, now);
  const next = nextDeadline(c, now);
  const cd = next ? countdown(next.dueAt, now) : null;
  return (
    <Card title={<h2 className="jdz-card-h">{c.title}</h2>} data-testid="campaign-card">
      {c.theme && <Typography.Paragraph strong>{c.theme}</Typography.Paragraph>}
      {c.description && <Typography.Paragraph>{c.description}</Typography.Paragraph>}
      {c.topics && c.topics.length > 0 && (
        <Typography.Paragraph data-testid="campaign-topics">
          {t('home.topics')}
          {t('common.colon')}
          {c.topics.map((x) => (
            <Tag key={x} style={{ marginBlock: 2 }}>
              {x}
            </Tag>
          ))}
        </Typography.Paragraph>
      )}
      {c.phases.length > 0 && (
        <Steps
          data-testid="campaign-phases"
          orientation={mobile ? 'vertical' : 'horizontal'}
          current={Math.max(0, Math.min(current, c.phases.length - 1))}
          status={current >= c.phases.length ? 'finish' : current < 0 ? 'wait' : 'process'}
          items={c.phases.map((p, i) => ({
            title: p.name,
            status: i < current ? 'finish' : i === current ? 'process' : 'wait',
            content: (
              <span>
                {formatDate(p.startsAt, locale)} – {formatDate(p.endsAt, locale)}
                {i === current && (
                  <>
                    {' '}
                    <Tag color="processing">{t('home.currentPhase')}</Tag>
                  </>
                )}
              </span>
            ),
          }))}
          style={{ marginBottom: 24 }}
        />
      )}
      {next && cd && (
        <div data-testid="next-deadline" style={{ display: 'flex', flexWrap: 'wrap', gap: 24, alignItems: 'flex-end' }}>
          <Statistic title={t('home.nextDeadline')} value={next.name} />
          <Statistic title={t('home.dueAt')} value={formatDateTime(next.dueAt, locale)} />
          <Statistic
            title={t('home.countdown')}
            value={cd.past ? t('home.deadlinePassed') : t('home.countdownValue', { d: cd.days, h: cd.hours, m: cd.minutes })}
          />
        </div>
      )}
      {c.deadlines.length > 0 && (
        <>
          <h3 style={{ fontSize: 15, marginTop: 24 }}>{t('home.allDeadlines')}</h3>
          <ul data-testid="campaign-deadlines" style={{ paddingInlineStart: 20, margin: 0 }}>
            {c.deadlines.map((d) => (
              <li key={d.name + d.dueAt}>
                {d.name}
                {t('common.colon')}
                {formatDateTime(d.dueAt, locale)}
              </li>
            ))}
          </ul>
        </>
      )}
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>{t('home.tzNote')}</Typography.Paragraph>
    </Card>
  );
}
