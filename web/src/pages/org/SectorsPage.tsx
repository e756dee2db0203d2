// Sectors (板块) with their responsible leader; the bureau office sets the leader.
import { useState } from 'react';
import { App, Button, Form, Modal } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { useCurrentUser } from '../../auth';
import { ErrorAlert, errorText } from '../../components/ErrorAlert';
import { DataTable } from '../../components/DataTable';
import { buttonWithTestId } from '../../components/testId';
import { PageHeader } from '../../components/PageHeader';
import { useI18n, usePageTitle } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';
import { can } from '../../permissions';
import type { Id, Sector } from '../../types';
import { sectorLabel, useSectors } from './orgApi';
import { UserSelect } from './UserSelect';

export default function SectorsPage() {
  const { t, locale } = useI18n();
  usePageTitle('sectors.title');
  const me = useCurrentUser();
  const mobile = useIsMobile();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const sectors = useSectors();
  const [editing, setEditing] = useState<Sector | null>(null);
  const [leader, setLeader] = useState<Id | null>(null);
  const setLeaderMut = useMutation({
    mutationFn: (v: { id: Id; leaderUserId: Id | null }) => api.put<Sector>(`/api/org/sectors/${v.id}`, { leaderUserId: v.leaderUserId }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['org'] });
      void message.success(t('common.saved'));
      setEditing(null);
    },
    onError: (e) => void message.error(errorText(e, t)),
  });
  const canEdit = can(me, 'org.sectors.setLeader');

  return (
    <>
      <PageHeader title={t('sectors.title')} />
      <ErrorAlert error={sectors.error} />
      <DataTable<Sector>
        label={t('sectors.title')}
        testId="sectors-table"
        rowKey={(s) => String(s.id)}
        loading={sectors.isPending}
        dataSource={sectors.data ?? []}
        pagination={false}
        columns={[
          { title: t('sectors.code'), dataIndex: 'code' },
          { title: t('sectors.name'), key: 'name', render: (_, s) => sectorLabel(locale, s) },
          { title: t('sectors.leader'), key: 'leader', render: (_, s) => <span data-testid={`sector-leader-${s.code}`}>{s.leaderName ?? t('sectors.noLeader')}</span> },
          { title: t('sectors.unitCount'), dataIndex: 'unitCount', align: 'right' },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, s: Sector) => (
                    <Button
                      size="small"
                      data-testid={`sector-set-leader-${s.code}`}
                      onClick={() => {
                        setLeader(s.leaderUserId);
                        setEditing(s);
                      }}
                    >
                      {t('sectors.setLeader')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={!!editing}
        title={editing ? t('sectors.setLeaderOf', { name: sectorLabel(locale, editing) }) : ''}
        onCancel={() => setEditing(null)}
        onOk={() => editing && setLeaderMut.mutate({ id: editing.id, leaderUserId: leader })}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        okButtonProps={buttonWithTestId('sector-leader-save', { loading: setLeaderMut.isPending })}
        width={mobile ? '100%' : 480}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('sectors.leader')} htmlFor="sector-leader-select" extra={t('sectors.leaderHint')}>
            <UserSelect
              id="sector-leader-select"
              value={leader}
              onChange={setLeader}
              initialOption={editing?.leaderUserId != null && editing.leaderName ? { id: editing.leaderUserId, name: editing.leaderName } : null}
              testId="sector-leader-select"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
