import {
  Anchor,
  AppShell,
  Box,
  Burger,
  Button,
  Container,
  Drawer,
  Group,
  SegmentedControl,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { capabilityNav } from './capabilities';
import { hasRole, needsEnrollment, useMe, useRefreshMe } from '../accounts/me.resource';
import { api } from '../shared/api';
import { setLanguage, useLanguage } from '../shared/i18n';
import classes from './Layout.module.css';

export function Layout() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const refresh = useRefreshMe();
  const navigate = useNavigate();
  const [menuOpen, menu] = useDisclosure(false);
  const { pathname } = useLocation();
  // A link followed from the menu closes it.
  useEffect(() => menu.close(), [pathname]); // eslint-disable-line react-hooks/exhaustive-deps

  const signOut = async () => {
    await api('/api/auth/sign-out', { method: 'POST', body: {} }).catch(() => undefined);
    await refresh();
    navigate('/');
  };

  const links: { to: string; label: string }[] = [{ to: '/', label: t('nav.guide') }];
  if (me?.signedIn && !needsEnrollment(me)) {
    if (hasRole(me, 'referrer', 'patient')) links.push({ to: '/referrals', label: t('referrals.nav') });
    if (hasRole(me, 'back-office', 'triage-supervisor', 'specialist'))
      links.push({ to: '/worklist', label: t('worklist.nav') });
    if (hasRole(me, 'administrator')) {
      links.push({ to: '/admin/catalog', label: t('nav.catalogAdmin') });
      links.push({ to: '/admin/users', label: t('nav.users') });
    }
    if (hasRole(me, 'privacy-officer')) links.push({ to: '/audit', label: t('nav.audit') });
  }
  const signedInFully = Boolean(me?.signedIn && !needsEnrollment(me));
  for (const item of capabilityNav) {
    if (
      item.roles.length === 0 ||
      (signedInFully && hasRole(me, ...item.roles)) ||
      (item.signedOut && !me?.signedIn)
    )
      links.push({ to: item.to, label: t(item.label) });
  }

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <a href="#main" className={classes.skip}>
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Container size="xl" h="100%">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="lg" wrap="nowrap">
              <Burger
                opened={menuOpen}
                onClick={menu.toggle}
                hiddenFrom="lg"
                size="sm"
                aria-label={t('nav.menu')}
                data-testid="nav-menu"
              />
              <Anchor component={Link} to="/" underline="never" className={classes.brand}>
                Loket
              </Anchor>
              <Box component="nav" aria-label={t('nav.main')} visibleFrom="lg">
                <Group gap="md" wrap="nowrap">
                  <NavLinks links={links} />
                </Group>
              </Box>
            </Group>
            <Group gap="sm" wrap="nowrap">
              <SegmentedControl
                size="xs"
                aria-label={t('language.choose')}
                value={lang}
                onChange={(v) => setLanguage(v === 'en' ? 'en' : 'nl')}
                data={[
                  { value: 'nl', label: 'NL' },
                  { value: 'en', label: 'EN' },
                ]}
              />
              {me?.signedIn ? (
                <>
                  <Anchor
                    component={Link}
                    to="/account"
                    size="sm"
                    data-testid="account-link"
                    truncate="end"
                    maw={{ base: 110, sm: 260 }}
                    title={me.user?.name}
                  >
                    {me.user?.name}
                  </Anchor>
                  <Button size="xs" variant="default" onClick={signOut} visibleFrom="sm">
                    {t('accounts.signOut')}
                  </Button>
                </>
              ) : (
                <Button size="xs" component={Link} to="/sign-in">
                  {t('accounts.signIn')}
                </Button>
              )}
            </Group>
          </Group>
        </Container>
      </AppShell.Header>
      <Drawer opened={menuOpen} onClose={menu.close} title="Loket" size="xs" hiddenFrom="lg">
        <nav aria-label={t('nav.main')}>
          <Stack gap="sm">
            <NavLinks links={links} />
          </Stack>
        </nav>
        {me?.signedIn && (
          <Button size="xs" variant="default" onClick={signOut} mt="lg" hiddenFrom="sm">
            {t('accounts.signOut')}
          </Button>
        )}
      </Drawer>
      <AppShell.Main>
        <Container size="xl" id="main" tabIndex={-1}>
          <Outlet />
        </Container>
        <Box component="footer" mt="xl" py="md">
          <Container size="xl">
            <Text size="xs" c="dimmed">
              {t('footer.about')} ·{' '}
              <Anchor href="/docs" size="xs">
                {t('footer.api')}
              </Anchor>
            </Text>
          </Container>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

/** The main links; on wide screens in the header, on narrow ones in the menu drawer. */
function NavLinks({ links }: { links: { to: string; label: string }[] }) {
  return links.map((l) => (
    <NavLink
      key={l.to}
      to={l.to}
      // Exact match where another link lies below this one (/apop and /apop/follow-ups).
      end={l.to === '/' || links.some((o) => o.to.startsWith(`${l.to}/`))}
      className={classes.link}
    >
      {l.label}
    </NavLink>
  ));
}
