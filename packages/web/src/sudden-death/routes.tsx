import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of sudden-death; they load when first opened. */
export const suddenDeathRoutes: RouteObject[] = [
  {
    path: 'sudden-death',
    lazy: async () => ({ Component: (await import('./GuidePage')).GuidePage }),
  },
  {
    path: 'sudden-death/requests',
    lazy: async () => ({ Component: (await import('./MyRequestsPage')).MyRequestsPage }),
  },
  {
    path: 'sudden-death/requests/new',
    lazy: async () => ({ Component: (await import('./RequestFormPage')).RequestFormPage }),
  },
  {
    path: 'sudden-death/requests/:id',
    lazy: async () => ({ Component: (await import('./RequestPage')).RequestPage }),
  },
  {
    path: 'sudden-death/cases',
    lazy: async () => ({ Component: (await import('./CasesPage')).CasesPage }),
  },
  {
    path: 'sudden-death/cases/:id',
    lazy: async () => ({ Component: (await import('./CasePage')).CasePage }),
  },
];

/** Links in the main navigation, for the roles that use them. */
export const suddenDeathNav: NavItem[] = [{ to: '/sudden-death', label: 'suddenDeath.nav', roles: [] }];
