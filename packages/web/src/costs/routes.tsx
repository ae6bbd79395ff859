import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of costs; they load when first opened. */
export const costsRoutes: RouteObject[] = [
  {
    path: 'costs',
    lazy: async () => ({ Component: (await import('./CostsListPage')).CostsListPage }),
  },
  {
    path: 'costs/:id',
    lazy: async () => ({ Component: (await import('./CostsCasePage')).CostsCasePage }),
  },
];

/** Links in the main navigation, for the roles that use them. */
export const costsNav: NavItem[] = [{ to: '/costs', label: 'costs.nav', roles: ['care-administration'] }];
