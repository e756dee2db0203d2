// /ideas/new and /ideas/:id: the 金点子征集表 as a form while its author may still change it,
// otherwise the filled form read-only with its history and the moves the viewer may make.
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { Button, Card, Result, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../api';
import { useCurrentUser } from '../../auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoPermission } from '../../components/NoPermission';
import { useI18n, usePageTitle } from '../../i18n';
import { can } from '../../permissions';
import { IdeaForm } from './IdeaForm';
import { IdeaView } from './IdeaView';
import { randomKey, useCurrentCampaign, type Idea } from './ideasApi';
import { readCopy } from './localCopy';

export function useIdea(id: number | null) {
  return useQuery({ queryKey: ['ideas', 'one', id], queryFn: () => api.get<Idea>(`/api/ideas/${id}`), enabled: id != null, retry: (n, e) => !isApiError(e) && n < 2 });
}

function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin description={t('common.loading')} />
    </div>
  );
}

function NewIdea({ onCreated, onLeave }: { onCreated: (id: number) => void; onLeave: () => void }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const camp = useCurrentCampaign();
  // A copy left by an earlier visit that never reached the server: continue it (same clientId).
  const start = useMemo(() => {
    const copy = readCopy(me.id, null);
    return { copy, clientId: copy?.clientId ?? randomKey() };
  }, [me.id]);
  if (!can(me, 'ideas.write')) return <NoPermission />;
  if (camp.isError) return <ErrorAlert error={camp.error} />;
  if (camp.isPending) return <Loading />;
  if (!camp.data.campaign) return <Result status="info" title={t('home.noCampaign')} data-testid="idea-no-campaign" />;
  return <IdeaForm campaign={camp.data.campaign} skew={camp.data.skew} idea={null} clientId={start.clientId} restored={start.copy} onCreated={onCreated} onLeave={onLeave} />;
}

function ExistingIdea({ id }: { id: number }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const q = useIdea(id);
  const camp = useCurrentCampaign();
  const copy = useMemo(() => (q.data ? readCopy(me.id, id) : null), [me.id, id, q.data?.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const clientId = useMemo(() => copy?.clientId ?? randomKey(), [copy]);
  if (q.isError) {
    if (isApiError(q.error) && q.error.status === 404)
      return <Result status="404" title={t('ideas.notFound')} extra={<Button href="/ideas">{t('ideas.backToList')}</Button>} data-testid="idea-not-found" />;
    return <ErrorAlert error={q.error} />;
  }
  if (q.isPending || camp.isPending) return <Loading />;
  const idea = q.data;
  const campaign = camp.data?.campaign ?? null;
  if (idea.can.edit && campaign && campaign.id === idea.campaignId) {
    return <IdeaForm key={idea.id} campaign={campaign} skew={camp.data?.skew ?? 0} idea={idea} clientId={clientId} restored={copy} />;
  }
  return (
    <Card variant="borderless" styles={{ body: { padding: 0 } }}>
      <IdeaView idea={idea} formTitle={campaign?.formTitle} />
    </Card>
  );
}

export default function IdeaPage() {
  const { id } = useParams();
  const n = id == null || id === 'new' ? null : Number(id);
  // The draft this page created moves the address to /ideas/:id; the same form stays (no remount
  // while the teacher types). /ideas/new and /ideas/:id render the same element for this reason.
  const [created, setCreated] = useState<number | null>(null);
  usePageTitle(n == null ? 'ideas.newTitle' : 'ideas.viewTitle');
  if (n == null || n === created) return <NewIdea onCreated={setCreated} onLeave={() => setCreated(null)} />;
  if (!Number.isInteger(n) || n <= 0) return <NoPermission />;
  return <ExistingIdea id={n} />;
}
