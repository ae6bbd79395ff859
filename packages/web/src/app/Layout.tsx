import { Anchor, AppShell, Box, Button, Container, Group, SegmentedControl, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useNavigate } from 'react-router';
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
    if (item.roles.length === 0 || (signedInFully && hasRole(me, ...item.roles)))
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
              <Anchor component={Link} to="/" underline="never" className={classes.brand}>
                Loket
              </Anchor>
              <nav aria-label={t('nav.main')}>
                <Group gap="md" wrap="nowrap">
                  {links.map((l) => (
                    <NavLink
                      key={l.to}
                      to={l.to}
                      // Exact match where another link lies below this one (/apop and /apop/follow-ups).
                      end={l.to === '/' || links.some((o) => o.to.startsWith(`${l.to}/`))}
                      className={classes.link}
                    >
                      {l.label}
                    </NavLink>
                  ))}
                </Group>
              </nav>
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
                  <Anchor component={Link} to="/account" size="sm" data-testid="account-link">
                    {me.user?.name}
                  </Anchor>
                  <Button size="xs" variant="default" onClick={signOut}>
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
