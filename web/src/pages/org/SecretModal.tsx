// Shows a generated initial password exactly once, with a copy button.
import { useState } from 'react';
import { Alert, Button, Descriptions, Modal } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { useIsMobile } from '../../layout/useIsMobile';

export type Secret = { username: string; name: string; password: string; reset: boolean };

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Plain-HTTP intranet deployments have no Clipboard API: fall back to a selected textarea.
    const ta = document.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.opacity = '0';
    document.body.appendChild(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function SecretModal({ secret, onClose }: { secret: Secret | null; onClose: () => void }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [copied, setCopied] = useState(false);
  return (
    <Modal
      open={!!secret}
      title={secret?.reset ? t('secret.resetTitle') : t('secret.createdTitle')}
      onCancel={() => {
        setCopied(false);
        onClose();
      }}
      width={mobile ? '100%' : 520}
      mask={{ closable: false }}
      footer={
        <Button
          type="primary"
          data-testid="secret-close"
          onClick={() => {
            setCopied(false);
            onClose();
          }}
        >
          {t('secret.done')}
        </Button>
      }
      destroyOnHidden
    >
      {secret && (
        <>
          <Alert type="warning" showIcon title={t('secret.once')} style={{ marginBottom: 16 }} />
          <Descriptions
            column={1}
            bordered
            size="small"
            styles={{ label: { whiteSpace: 'nowrap' } }}
            items={[
              { key: 'u', label: t('org.username'), children: <span data-testid="secret-username">{secret.username}</span> },
              { key: 'n', label: t('org.name'), children: secret.name },
              {
                key: 'p',
                label: t('secret.password'),
                children: (
                  <span style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8 }}>
                    <code className="jdz-secret" data-testid="secret-password">
                      {secret.password}
                    </code>
                    <Button
                      icon={<CopyOutlined aria-hidden />}
                      data-testid="secret-copy"
                      onClick={async () => setCopied(await copyText(secret.password))}
                    >
                      {copied ? t('secret.copied') : t('secret.copy')}
                    </Button>
                  </span>
                ),
              },
            ]}
          />
          <p style={{ marginTop: 12, marginBottom: 0 }}>{t('secret.mustChange')}</p>
        </>
      )}
    </Modal>
  );
}
