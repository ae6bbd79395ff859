import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of gp-registry; they load when first opened. */
export const gpRegistryRoutes: RouteObject[] = [
  {
    path: 'gp-registry',
    lazy: async () => ({ Component: (await import('./GpRegistryPage')).GpRegistryPage }),
  },
  {
    path: 'gp-registry/mine',
    lazy: async () => ({ Component: (await import('./MyRegistrationPage')).MyRegistrationPage }),
  },
];

/** Links in the main navigation, for the roles that use them. */
export const gpRegistryNav: NavItem[] = [
  { to: '/gp-registry', label: 'gpRegistry.nav.registry', roles: ['care-administration', 'back-office'] },
  { to: '/gp-registry/mine', label: 'gpRegistry.nav.mine', roles: ['referrer'] },
];
