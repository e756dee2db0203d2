import type { ReactNode } from 'react';
import { Typography } from 'antd';

/** The page's single <h1> with optional actions beside it. */
export function PageHeader({ title, extra }: { title: ReactNode; extra?: ReactNode }) {
  return (
    <div className="jdz-page-head">
      <Typography.Title level={1}>{title}</Typography.Title>
      {extra ? <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>{extra}</div> : null}
    </div>
  );
}
