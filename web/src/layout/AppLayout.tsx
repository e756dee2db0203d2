// The signed-in frame: Sider menu on desktop, a drawer behind a hamburger button on phones.
import { useEffect, useState } from 'react';
import { Outlet, useLocation } from 'react-router';
import { Button, Drawer, Layout, Menu, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { useCurrentUser, useSignOut } from '../auth';
import { useI18n } from '../i18n';
import { IdleWarning } from './IdleWarning';
import { LangSwitch } from './LangSwitch';
import { navItems, selectedKey } from './nav';
import { useIsMobile } from './useIsMobile';

export function Brand() {
  const { t } = useI18n();
  return (
    <span className="jdz-brand">
      <span className="jdz-brand-mark" aria-hidden>
        金
      </span>
      {t('app.name')}
    </span>
  );
}

function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const me = useCurrentUser();
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <nav aria-label={t('nav.label')}>
      <Menu mode="inline" items={navItems(me, t)} selectedKeys={[selectedKey(pathname, me)]} onClick={onNavigate} style={{ borderInlineEnd: 0 }} />
    </nav>
  );
}

export function AppLayout() {
  const me = useCurrentUser();
  const { t } = useI18n();
  const mobile = useIsMobile();
  const signOut = useSignOut();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { pathname } = useLocation();
  useEffect(() => setDrawerOpen(false), [pathname, mobile]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!mobile && (
        <Layout.Sider width={220} theme="light" style={{ borderInlineEnd: '1px solid #e8e8e8' }}>
          <div className="jdz-sider-brand">
            <Brand />
          </div>
          <NavMenu />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="jdz-header">
          {mobile && (
            <Button
              type="text"
              icon={<MenuOutlined aria-hidden />}
              aria-label={t('nav.open')}
              aria-expanded={drawerOpen}
              data-testid="nav-toggle"
              onClick={() => setDrawerOpen(true)}
            />
          )}
          {mobile && <Brand />}
          <div className="jdz-header-spacer" />
          <Typography.Text className="jdz-hide-phone" data-testid="header-user-name" ellipsis style={{ maxWidth: 240 }}>
            {me.name}
            {me.unit ? ` · ${me.unit.name}` : ''}
          </Typography.Text>
          <LangSwitch />
          <Button type="text" icon={<LogoutOutlined aria-hidden />} data-testid="logout-button" aria-label={t('nav.logout')} onClick={() => void signOut()}>
            <span className="jdz-hide-phone">{t('nav.logout')}</span>
          </Button>
        </Layout.Header>
        <Layout.Content className="jdz-content" id="main">
          <Outlet />
        </Layout.Content>
      </Layout>
      {mobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={260}
          title={<Brand />}
          data-testid="nav-drawer"
          styles={{ body: { padding: 0 } }}
        >
          <NavMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      )}
      <IdleWarning />
    </Layout>
  );
}
