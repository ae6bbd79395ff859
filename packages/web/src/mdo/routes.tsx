import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of mdo; they load when first opened. */
export const mdoRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const mdoNav: NavItem[] = [];
