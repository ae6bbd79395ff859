import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of incidents; they load when first opened. */
export const incidentsRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const incidentsNav: NavItem[] = [];
