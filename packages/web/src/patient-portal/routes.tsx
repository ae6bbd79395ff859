import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of patient-portal; they load when first opened. */
export const patientPortalRoutes: RouteObject[] = [
  {
    path: 'second-opinion/request',
    lazy: async () => ({ Component: (await import('./RequestPage')).RequestPage }),
  },
  {
    // The link in the e-mail after a signed-out request: confirms the address, then signs in.
    path: 'second-opinion/confirm',
    lazy: async () => ({ Component: (await import('./ConfirmPage')).ConfirmPage }),
  },
  {
    path: 'portal',
    lazy: async () => ({ Component: (await import('./PortalHome')).PortalHome }),
  },
  {
    path: 'portal/access-log',
    lazy: async () => ({ Component: (await import('./AccessLogPage')).AccessLogPage }),
  },
];

/** Links in the main navigation, for the roles that use them. */
export const patientPortalNav: NavItem[] = [
  { to: '/portal', label: 'patientPortal.nav.portal', roles: ['patient'] },
  {
    to: '/second-opinion/request',
    label: 'patientPortal.nav.request',
    roles: ['patient'],
    signedOut: true,
  },
];
