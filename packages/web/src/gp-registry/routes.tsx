import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of gp-registry; they load when first opened. */
export const gpRegistryRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const gpRegistryNav: NavItem[] = [];
