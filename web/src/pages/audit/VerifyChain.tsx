// "Verify chain": asks the server to recheck the audit hash chain (GET /api/audit/verify).
import { Alert, Button } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useI18n } from '../../i18n';
import type { AuditVerify } from '../../types';

export function useVerifyChain() {
  return useMutation({ mutationFn: () => api.get<AuditVerify>('/api/audit/verify') });
}

export function VerifyButton({ verify }: { verify: ReturnType<typeof useVerifyChain> }) {
  const { t } = useI18n();
  return (
    <Button icon={<SafetyCertificateOutlined aria-hidden />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
      {t('audit.verify')}
    </Button>
  );
}

export function VerifyResult({ verify }: { verify: ReturnType<typeof useVerifyChain> }) {
  const { t } = useI18n();
  if (verify.isError) return <ErrorAlert error={verify.error} testId="audit-verify-error" />;
  const r = verify.data;
  if (!r) return null;
  return (
    <Alert
      role="status"
      showIcon
      type={r.ok ? 'success' : 'error'}
      data-testid="audit-verify-result"
      data-ok={String(r.ok)}
      title={r.ok ? t('audit.verifyOk', { n: r.checked }) : t('audit.verifyBroken', { seq: r.brokenAtSeq ?? '—', n: r.checked })}
      description={!r.ok && r.reason ? t('audit.verifyReason', { reason: r.reason }) : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}
