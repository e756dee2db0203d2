// The "启用 / 已停用" filter of the organisation lists.
import { Select } from 'antd';
import { useI18n } from '../i18n';

export function StatusFilter({ value, onChange, testId }: { value: string | undefined; onChange: (v: string | undefined) => void; testId: string }) {
  const { t } = useI18n();
  return (
    <Select
      aria-label={t('common.status')}
      placeholder={t('common.allStatuses')}
      allowClear
      value={value}
      onChange={onChange}
      options={[
        { value: 'true', label: t('common.active') },
        { value: 'false', label: t('common.inactive') },
      ]}
      style={{ width: 140 }}
      data-testid={testId}
    />
  );
}
