import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of second-opinions; they load when first opened. */
export const secondOpinionsRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const secondOpinionsNav: NavItem[] = [];
