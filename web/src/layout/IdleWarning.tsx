// Warns two minutes before the server would end the session (idle or absolute limit), and on
// expiry asks the server, which answers SESSION_EXPIRED and sends the user to sign in again.
import { useEffect, useState } from 'react';
import { Button, Modal } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { lastServerContact } from '../api';
import { ME_KEY, useCurrentUser } from '../auth';
import { useI18n } from '../i18n';

const WARN_MS = 120_000;

export function IdleWarning() {
  const me = useCurrentUser();
  const qc = useQueryClient();
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);

  const idleEnd = me.idleTimeoutSeconds > 0 ? lastServerContact() + me.idleTimeoutSeconds * 1000 : Infinity;
  const absEnd = Date.parse(me.sessionExpiresAt) || Infinity;
  const end = Math.min(idleEnd, absEnd);
  const left = end - now;
  const expired = left <= 0;

  useEffect(() => {
    if (!expired) return;
    void qc.refetchQueries({ queryKey: ME_KEY }); // the server answers 401 and the app signs out
  }, [expired, qc]);

  const absolute = absEnd <= idleEnd;
  return (
    <Modal
      open={left > 0 && left <= WARN_MS}
      title={t('idle.title')}
      closable={false}
      mask={{ closable: false }}
      footer={
        absolute ? null : (
          <Button type="primary" data-testid="idle-continue" onClick={() => void qc.refetchQueries({ queryKey: ME_KEY })}>
            {t('idle.continue')}
          </Button>
        )
      }
    >
      <p data-testid="idle-warning">{t(absolute ? 'idle.absolute' : 'idle.text', { seconds: Math.max(0, Math.ceil(left / 1000)) })}</p>
    </Modal>
  );
}
