import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of incidents; they load when first opened. */
export const incidentsRoutes: RouteObject[] = [
  {
    path: 'incidents',
    lazy: async () => ({ Component: (await import('./IncidentListPage')).IncidentListPage }),
  },
  {
    path: 'incidents/new',
    lazy: async () => ({ Component: (await import('./IncidentForm')).NewIncidentPage }),
  },
  {
    path: 'incidents/:id',
    lazy: async () => ({ Component: (await import('./IncidentPage')).IncidentPage }),
  },
];

/** Links in the main navigation, for the roles that use them. */
export const incidentsNav: NavItem[] = [
  {
    to: '/incidents',
    label: 'incidents.nav',
    roles: ['referrer', 'transmural-team', 'back-office', 'triage-supervisor', 'specialist', 'er-nurse'],
  },
];
