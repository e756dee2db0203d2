// "What you still have to do" (R2): the current phase, the golden-idea deadline with a live
// countdown on the server's clock, and the work waiting on this user, each linking to its page.
import { Link } from 'react-router';
import { Card, List, Tag, Typography } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { Deadline } from '../ideas/Deadline';
import { useCurrentCampaign, useTodo } from '../ideas/ideasApi';

export function TodoCard() {
  const { t, locale } = useI18n();
  const todo = useTodo();
  const camp = useCurrentCampaign();
  if (todo.isError) return <ErrorAlert error={todo.error} />;
  if (todo.isPending || camp.isPending) return <Card loading title={t('todo.title')} />;
  const c = camp.data?.campaign;
  // Without a campaign only the evaluation's items (a judge's reviews, a notice) can be waiting.
  const hasCampaign = !!c && todo.data.campaignId != null;
  if (!hasCampaign && todo.data.items.length === 0) return null;
  return (
    <Card title={<h2 className="jdz-card-h">{t('todo.title')}</h2>} data-testid="todo-card">
      {hasCampaign && c.currentPhase && (
        <Typography.Paragraph data-testid="todo-phase">
          {t('todo.phase')}
          {t('common.colon')}
          <Tag color="processing">{c.currentPhase.name}</Tag>
        </Typography.Paragraph>
      )}
      {hasCampaign && <Deadline dueAt={todo.data.ideasDueAt} skew={camp.data!.skew} extensionUntil={todo.data.extensionUntil} testId="todo-deadline" />}
      {todo.data.items.length === 0 ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="todo-none">
          {t('todo.none')}
        </Typography.Paragraph>
      ) : (
        <List
          data-testid="todo-items"
          dataSource={todo.data.items}
          renderItem={(i) => (
            <List.Item key={i.key} data-testid={`todo-${i.key}`}>
              <Link to={i.link} className="jdz-todo-link">
                <span>{locale === 'zh-CN' ? i.zh : i.en}</span>
                <RightOutlined aria-hidden />
              </Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
