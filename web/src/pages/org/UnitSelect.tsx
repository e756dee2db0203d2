// Searchable unit picker (GET /api/org/units?q=…).
import type { CSSProperties } from 'react';
import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import type { Id, Page, Unit } from '../../types';

type Props = {
  id?: string;
  value?: Id | null;
  onChange?: (v: Id | null) => void;
  initialOption?: { id: Id; name: string } | null;
  testId?: string;
  disabled?: boolean;
  style?: CSSProperties;
  ariaLabel?: string;
};

export function UnitSelect({ id, value, onChange, initialOption, testId, disabled, style, ariaLabel }: Props) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const { data, isFetching } = useQuery({
    queryKey: ['org', 'unit-options', q],
    queryFn: () => api.get<Page<Unit>>('/api/org/units', { q, page: 1, pageSize: 20 }),
    enabled: !disabled,
  });
  const options = (data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name}（${u.code}）` }));
  if (initialOption && !options.some((o) => String(o.value) === String(initialOption.id))) {
    options.unshift({ value: initialOption.id, label: initialOption.name });
  }
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      disabled={disabled}
      value={value ?? undefined}
      onChange={(v) => onChange?.((v as Id | undefined) ?? null)}
      options={options}
      loading={isFetching}
      placeholder={t('org.searchUnit')}
      notFoundContent={t('common.noMatch')}
      data-testid={testId}
      style={{ width: '100%', ...style }}
    />
  );
}
