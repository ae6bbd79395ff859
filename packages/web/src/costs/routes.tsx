import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of costs; they load when first opened. */
export const costsRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const costsNav: NavItem[] = [];
