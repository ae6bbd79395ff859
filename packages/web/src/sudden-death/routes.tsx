import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of sudden-death; they load when first opened. */
export const suddenDeathRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const suddenDeathNav: NavItem[] = [];
