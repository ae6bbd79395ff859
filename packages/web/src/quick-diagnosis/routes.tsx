import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/** Pages of quick-diagnosis; they load when first opened. */
export const quickDiagnosisRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const quickDiagnosisNav: NavItem[] = [];
