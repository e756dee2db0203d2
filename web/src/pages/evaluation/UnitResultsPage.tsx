// /evaluation/results (unit admin, member): "我的评比结果" — once the bureau has finalised a round, the
// unit's ideas (a member: the ideas they wrote) with tier and rank of how many; nothing before that.
import { Card, Empty, List, Space, Spin, Tag, Typography } from 'antd';
import { useCurrentUser } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../format';
import { useI18n, usePageTitle } from '../../i18n';
import { can } from '../../permissions';
import { TIER_COLOR, useUnitResults, type UnitResult } from './noticesApi';

export default function UnitResultsPage() {
  const { t, locale } = useI18n();
  usePageTitle('eval.unitResults.title');
  const me = useCurrentUser();
  const q = useUnitResults();
  // A unit admin sees the unit's ideas; a member only their own.
  const unitWide = can(me, 'ideas.review');
  const rounds = new Map<number, UnitResult[]>();
  for (const r of q.data ?? []) rounds.set(r.roundId, [...(rounds.get(r.roundId) ?? []), r]);
  return (
    <>
      <PageHeader title={t('eval.unitResults.title')} />
      <Typography.Paragraph type="secondary">{t(unitWide ? 'eval.unitResults.introUnit' : 'eval.unitResults.introMine')}</Typography.Paragraph>
      <ErrorAlert error={q.error} testId="unit-results-error" />
      {q.isPending ? (
        <Spin description={t('common.loading')} />
      ) : rounds.size === 0 ? (
        <Empty description={t(unitWide ? 'eval.unitResults.noneUnit' : 'eval.unitResults.noneMine')} data-testid="unit-results-empty" />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {[...rounds.values()].map((items) => (
            <Card
              key={items[0].roundId}
              title={<h2 className="jdz-card-h">{items[0].roundTitle}</h2>}
              extra={items[0].finalizedAt ? <Typography.Text type="secondary">{t('eval.unitResults.finalizedAt', { at: formatDate(items[0].finalizedAt, locale) })}</Typography.Text> : null}
              data-testid={`unit-results-${items[0].roundId}`}
            >
              <List
                dataSource={items}
                renderItem={(r) => (
                  <List.Item key={r.ideaId} data-testid={`unit-result-${r.ideaId}`}>
                    <List.Item.Meta
                      title={<span>《{r.title}》</span>}
                      description={
                        <Space wrap size={[8, 4]}>
                          <Tag color={r.tier ? TIER_COLOR[r.tier] : undefined} data-testid={`unit-result-tier-${r.ideaId}`}>
                            {r.tier ? t(`eval.awards.tier.${r.tier}`) : t('eval.unitResults.noAward')}
                          </Tag>
                          <span data-testid={`unit-result-rank-${r.ideaId}`}>{t('eval.unitResults.rankOf', { rank: r.rank, total: r.ranked })}</span>
                          {r.excellent && <Tag color="green">{t('eval.unitResults.excellent')}</Tag>}
                        </Space>
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
          ))}
        </Space>
      )}
    </>
  );
}
