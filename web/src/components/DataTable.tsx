// antd Table with the app's defaults: horizontal scrolling on narrow screens, smaller rows on
// phones, and a scroll region that keyboard users can focus (axe: scrollable-region-focusable).
import { useEffect, useRef } from 'react';
import { Table } from 'antd';
import type { TableProps } from 'antd';
import { useIsMobile } from '../layout/useIsMobile';

type Props<T> = TableProps<T> & { label: string; testId?: string };

export function DataTable<T extends object>({ label, testId, ...props }: Props<T>) {
  const ref = useRef<HTMLDivElement>(null);
  const mobile = useIsMobile();
  useEffect(() => {
    ref.current?.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body').forEach((el) => {
      if (el.scrollWidth > el.clientWidth) {
        el.tabIndex = 0;
        el.setAttribute('role', 'region');
        el.setAttribute('aria-label', label);
      } else {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    });
  });
  const tableProps = { 'data-testid': testId } as Record<string, unknown>;
  return (
    <div ref={ref}>
      <Table<T> size={mobile ? 'small' : 'middle'} scroll={{ x: 'max-content' }} {...tableProps} {...props} />
    </div>
  );
}
