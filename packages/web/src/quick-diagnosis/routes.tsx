import type { RouteObject } from 'react-router';
import type { NavItem } from '../app/capabilities';

/**
 * Quick diagnosis has no pages of its own: it is a kind of referral, so its parts live in the referral form, the
 * referral page and the worklist (QuickDiagnosisFields, QuickDiagnosisPanel, WorklistQuickDiagnosis).
 */
export const quickDiagnosisRoutes: RouteObject[] = [];

/** Links in the main navigation, for the roles that use them. */
export const quickDiagnosisNav: NavItem[] = [];
