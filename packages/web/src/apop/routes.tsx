import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of apop; they load when first opened. */
export const apopRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const apopNav: NavItem[] = [];
