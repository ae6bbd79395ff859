import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of apop; they load when first opened. */
export const apopRoutes: RouteObject[] = [
  {
    path: 'apop',
    lazy: async () => ({ Component: (await import('./ScreeningPage')).ScreeningPage }),
  },
  {
    path: 'apop/screenings/:id',
    lazy: async () => ({ Component: (await import('./ScreeningDetailPage')).ScreeningDetailPage }),
  },
  {
    path: 'apop/follow-ups',
    lazy: async () => ({ Component: (await import('./FollowUpsPage')).FollowUpsPage }),
  },
  {
    path: 'apop/model',
    lazy: async () => ({ Component: (await import('./ModelPage')).ModelPage }),
  },
];

/** Links in the main navigation, for the roles that use them. */
export const apopNav: NavItem[] = [
  { to: '/apop', label: 'apop.nav.screening', roles: ['er-nurse'] },
  { to: '/apop/follow-ups', label: 'apop.nav.followUps', roles: ['er-nurse'] },
  { to: '/apop/model', label: 'apop.nav.model', roles: ['administrator'] },
];
