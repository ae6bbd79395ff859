import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of consent; they load when first opened. */
export const consentRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const consentNav: NavItem[] = [];
