import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of takeover; they load when first opened. */
export const takeoverRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const takeoverNav: NavItem[] = [];
