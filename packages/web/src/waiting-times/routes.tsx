import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** The public waiting-times page; it loads when first opened. */
export const waitingTimesRoutes: RouteObject[] = [
  {
    path: 'waiting-times',
    lazy: async () => ({ Component: (await import('./WaitingTimesPage')).WaitingTimesPage }),
  },
];

/** Published for everyone, also signed out (R-CAT-06). */
export const waitingTimesNav: NavItem[] = [{ to: '/waiting-times', label: 'waitingTimes.nav', roles: [] }];
