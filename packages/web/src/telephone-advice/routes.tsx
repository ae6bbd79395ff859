import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of telephone-advice; they load when first opened. */
export const telephoneAdviceRoutes: RouteObject[] = [
  {
    path: 'telephone-advice',
    lazy: async () => ({
      Component: (await import('./TelephoneAdviceListPage')).TelephoneAdviceListPage,
    }),
  },
  {
    path: 'telephone-advice/new',
    lazy: async () => ({ Component: (await import('./TelephoneAdviceForm')).NewTelephoneAdvicePage }),
  },
  {
    path: 'telephone-advice/:id',
    lazy: async () => ({ Component: (await import('./TelephoneAdvicePage')).TelephoneAdvicePage }),
  },
];

/** Links in the main navigation, for the roles that use them. */
export const telephoneAdviceNav: NavItem[] = [
  {
    to: '/telephone-advice',
    label: 'telephoneAdvice.nav',
    roles: ['referrer', 'back-office', 'triage-supervisor', 'specialist'],
  },
];
