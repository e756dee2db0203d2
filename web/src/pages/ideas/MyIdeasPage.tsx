// /ideas: my golden ideas as cards (a phone first), with the deadline's countdown and a prominent
// "写金点子" button.
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Empty, Space, Spin, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { Deadline } from './Deadline';
import { StatusTag } from './IdeaView';
import { useCurrentCampaign, useTodo, type IdeaList, type IdeaSummary } from './ideasApi';

export function IdeaCard({ idea, extra, testId }: { idea: IdeaSummary; extra?: ReactNode; testId?: string }) {
  const { t, locale } = useI18n();
  return (
    <Card size="small" className="jdz-idea-card" data-testid={testId ?? `idea-card-${idea.id}`}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start', justifyContent: 'space-between' }}>
        <Link to={`/ideas/${idea.id}`} className="jdz-idea-card-title" data-testid="idea-card-link">
          {idea.title || t('ideas.untitled')}
        </Link>
        <StatusTag status={idea.status} />
      </div>
      <div className="jdz-idea-card-meta">
        <span>{t('ideas.chars', { n: idea.charCount })}</span>
        {idea.topic && <span>{idea.topic}</span>}
        {idea.receiptNo && <span data-testid="idea-card-receipt">{t('ideas.receiptShort', { no: idea.receiptNo })}</span>}
        <span>{t('ideas.updatedAt', { at: formatDateTime(idea.updatedAt, locale) })}</span>
      </div>
      {idea.lastComment && (
        <Typography.Paragraph type="warning" style={{ margin: '6px 0 0' }} data-testid="idea-card-comment">
          {t('ideas.lastComment')}
          {t('common.colon')}
          {idea.lastComment}
        </Typography.Paragraph>
      )}
      {extra && <div style={{ marginTop: 8 }}>{extra}</div>}
    </Card>
  );
}

export default function MyIdeasPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  usePageTitle('ideas.myTitle');
  const camp = useCurrentCampaign();
  const todo = useTodo();
  const q = useQuery({ queryKey: ['ideas', 'mine'], queryFn: () => api.get<IdeaList>('/api/ideas', { mine: true, pageSize: 100 }) });
  return (
    <>
      <PageHeader
        title={t('ideas.myTitle')}
        extra={
          <Button type="primary" size="large" icon={<EditOutlined aria-hidden />} onClick={() => navigate('/ideas/new')} {...buttonWithTestId('idea-new')}>
            {t('ideas.write')}
          </Button>
        }
      />
      {camp.data?.campaign && <Deadline dueAt={camp.data.campaign.ideasDueAt} skew={camp.data.skew} extensionUntil={todo.data?.extensionUntil} />}
      {camp.data?.campaign && (
        <Typography.Paragraph type="secondary" data-testid="ideas-rules">
          {t('ideas.rules', { min: camp.data.campaign.minChars, lo: camp.data.campaign.ideasMin, hi: camp.data.campaign.ideasMax })}
        </Typography.Paragraph>
      )}
      {q.isError && <ErrorAlert error={q.error} />}
      {q.isPending ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <Spin description={t('common.loading')} />
        </div>
      ) : q.data && q.data.items.length === 0 ? (
        <Empty description={t('ideas.none')} data-testid="ideas-empty" />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="ideas-list">
          {q.data?.items.map((i) => <IdeaCard key={i.id} idea={i} />)}
        </Space>
      )}
    </>
  );
}
