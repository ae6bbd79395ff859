import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of patient-portal; they load when first opened. */
export const patientPortalRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const patientPortalNav: NavItem[] = [];
