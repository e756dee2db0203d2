// /evaluation/rounds (bureau admin): the evaluation rounds (评比轮次) and a form to create one.
import { useState } from 'react';
import { Button, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { buttonWithTestId } from '../../components/testId';
import { formatDateTime } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { ROUND_STATUS_COLOR, useRounds, type Round } from './evaluationApi';
import { RoundForm } from './RoundForm';

export default function RoundsPage() {
  const { t, locale } = useI18n();
  usePageTitle('eval.rounds.title');
  const q = useRounds();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  return (
    <>
      <PageHeader
        title={t('eval.rounds.title')}
        extra={
          <>
            <Link to="/evaluation/judges" data-testid="eval-rounds-judges-link">
              {t('eval.judges.title')}
            </Link>
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)} {...buttonWithTestId('eval-round-create')}>
              {t('eval.rounds.create')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={q.error} />
      <DataTable<Round>
        label={t('eval.rounds.title')}
        testId="eval-rounds-table"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        pagination={false}
        columns={[
          {
            key: 'title',
            title: t('eval.rounds.titleLabel'),
            render: (_, r) => (
              <Link to={`/evaluation/rounds/${r.id}`} data-testid={`eval-round-link-${r.id}`}>
                {r.title}
              </Link>
            ),
          },
          { key: 'status', title: t('common.status'), render: (_, r) => <Tag color={ROUND_STATUS_COLOR[r.status]}>{t(`eval.round.status.${r.status}`)}</Tag> },
          { key: 'reviews', title: t('eval.rounds.reviewsPerIdea'), dataIndex: 'reviewsPerIdea' },
          { key: 'judges', title: t('eval.rounds.judges'), render: (_, r) => r.judgeIds.length },
          { key: 'blind', title: t('eval.rounds.blind'), render: (_, r) => (r.blind ? t('eval.yes') : t('eval.no')) },
          { key: 'deadline', title: t('eval.deadlineLabel'), render: (_, r) => formatDateTime(r.deadline, locale) },
          { key: 'assigned', title: t('eval.rounds.assignedAt'), render: (_, r) => formatDateTime(r.assignedAt, locale) },
        ]}
      />
      <RoundForm round={null} open={open} onClose={() => setOpen(false)} onSaved={(r) => void navigate(`/evaluation/rounds/${r.id}`)} />
    </>
  );
}
