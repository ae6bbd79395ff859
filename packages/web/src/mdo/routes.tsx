import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of the multidisciplinary meeting; they load when first opened. */
export const mdoRoutes: RouteObject[] = [
  {
    path: 'mdo',
    lazy: async () => ({ Component: (await import('./MeetingsPage')).MeetingsPage }),
  },
  {
    path: 'mdo/:id',
    lazy: async () => ({ Component: (await import('./MeetingPage')).MeetingPage }),
  },
];

/** Links in the main navigation, for the roles that use them. */
export const mdoNav: NavItem[] = [
  { to: '/mdo', label: 'mdo.nav', roles: ['specialist', 'triage-supervisor'] },
];
