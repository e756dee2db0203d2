// 报送工作台 (issue 3, item 7): the bureau office's desk. Who has sent 0, too few or 2–5 ideas (per
// sector and per unit), all submissions with filters and Chinese search, the batches awaiting
// receipt, and the exports. Leaders, inspectors and sector leaders read; only what the user's
// permissions allow is offered.
import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { isApiError } from '../../api';
import { useCurrentUser } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { useI18n, usePageTitle } from '../../i18n';
import { BatchesTab } from './BatchesTab';
import { useSummary } from './deskApi';
import { IdeasTab } from './IdeasTab';
import { Overview } from './Overview';

const TABS = ['overview', 'ideas', 'batches'] as const;
type Tab = (typeof TABS)[number];

export default function DeskPage() {
  const { t } = useI18n();
  usePageTitle('desk.title');
  const me = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'overview';
  const summary = useSummary();
  const canBatches = me.permissions.includes('batches.list');

  /** Switches tab, optionally with list filters (a unit clicked in the overview). */
  const go = (next: Tab, filters?: Record<string, string>) => {
    const p = new URLSearchParams(filters ? {} : params);
    if (filters) for (const [k, v] of Object.entries(filters)) p.set(k, v);
    p.set('tab', next);
    p.delete('page');
    setParams(p);
  };

  const noCampaign = isApiError(summary.error, 'NO_CAMPAIGN');
  return (
    <>
      <PageHeader title={t('desk.title')} />
      {noCampaign ? <p data-testid="desk-no-campaign">{t('desk.noCampaign')}</p> : <ErrorAlert error={summary.error} />}
      <Tabs
        activeKey={tab}
        onChange={(k) => go(k as Tab)}
        destroyOnHidden
        items={[
          { key: 'overview', label: <span data-testid="desk-tab-overview">{t('desk.tab.overview')}</span>, children: <Overview summary={summary.data} loading={summary.isPending} onUnit={(unitId) => go('ideas', { unitId: String(unitId) })} /> },
          { key: 'ideas', label: <span data-testid="desk-tab-ideas">{t('desk.tab.ideas')}</span>, children: <IdeasTab summary={summary.data} /> },
          ...(canBatches ? [{ key: 'batches', label: <span data-testid="desk-tab-batches">{t('desk.tab.batches')}</span>, children: <BatchesTab /> }] : []),
        ]}
      />
    </>
  );
}
