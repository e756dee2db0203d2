import type { ButtonProps } from 'antd';

/** Button props with a data-testid (antd's prop types have no index signature for data-*). */
export function buttonWithTestId(testId: string, props: ButtonProps = {}): ButtonProps {
  return { ...props, ...({ 'data-testid': testId } as unknown as ButtonProps) };
}
