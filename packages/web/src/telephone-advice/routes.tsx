import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of telephone-advice; they load when first opened. */
export const telephoneAdviceRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const telephoneAdviceNav: NavItem[] = [];
