// Exports of what the list shows (same filters): the .xlsx list and the compiled volume (.docx, .pdf).
// Contact phones go into the .xlsx only for the bureau admin who ticks 含联系电话 and states a purpose
// (the server records it); everyone else gets the list without them.
import { useState } from 'react';
import { App, Button, Checkbox, Input, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { request, saveResponseAsFile } from '../../api';
import { useCurrentUser } from '../../auth';
import { errorText } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import { hasRole } from '../../permissions';

type Kind = 'xlsx' | 'docx' | 'pdf';

export function ExportBar({ filters, total }: { filters: Record<string, string>; total: number | undefined }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [withPhones, setWithPhones] = useState(false);
  const [purpose, setPurpose] = useState('');
  const canXlsx = me.permissions.includes('ideas.export.xlsx');
  const canVolume = me.permissions.includes('ideas.export.volume');
  const canPhones = canXlsx && hasRole(me, 'bureau_admin');
  if (!canXlsx && !canVolume) return null;
  const purposeOk = purpose.trim().length >= 2;

  const download = async (kind: Kind) => {
    const path = kind === 'xlsx' ? '/api/ideas/export.xlsx' : `/api/ideas/volume.${kind}`;
    const query: Record<string, string> = { ...filters };
    if (kind === 'xlsx' && withPhones) query.purpose = purpose.trim();
    setBusy(kind);
    try {
      const res = await request<Response>(path, { query, raw: true });
      const name = await saveResponseAsFile(res, kind === 'xlsx' ? 'jindianzi.xlsx' : `jindianzi-volume.${kind}`);
      void message.success(t('desk.export.done', { name }));
    } catch (e) {
      void message.error(errorText(e, t));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-label={t('desk.export.title')} style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 12 }} data-testid="desk-exports">
      <span style={{ color: '#595959' }}>{t('desk.export.scope', { n: total ?? '—' })}</span>
      <Space wrap>
        {canXlsx && (
          <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'xlsx'} disabled={withPhones && !purposeOk} onClick={() => void download('xlsx')} data-testid="desk-export-xlsx">
            {t('desk.export.xlsx')}
          </Button>
        )}
        {canVolume && (
          <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'docx'} onClick={() => void download('docx')} data-testid="desk-export-docx">
            {t('desk.export.docx')}
          </Button>
        )}
        {canVolume && (
          <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'pdf'} onClick={() => void download('pdf')} data-testid="desk-export-pdf">
            {t('desk.export.pdf')}
          </Button>
        )}
      </Space>
      {canPhones && (
        <Space wrap>
          <Checkbox checked={withPhones} onChange={(e) => setWithPhones(e.target.checked)} data-testid="desk-export-phones">
            {t('desk.export.withPhones')}
          </Checkbox>
          {withPhones && (
            <Input
              aria-label={t('desk.export.purpose')}
              placeholder={t('desk.export.purpose')}
              value={purpose}
              onChange={(e) => setPurpose(e.target.value)}
              maxLength={200}
              status={purpose && !purposeOk ? 'error' : undefined}
              style={{ width: 260, maxWidth: '100%' }}
              data-testid="desk-export-purpose"
            />
          )}
        </Space>
      )}
    </section>
  );
}
