import type { RouteObject } from 'react-router';
import { Layout } from './Layout';
import { NotFound } from './NotFound';
import { GuideHome } from '../referral-guide/GuideHome';
import { DepartmentPage } from '../referral-guide/DepartmentPage';
import { capabilityRoutes } from './capabilities';

/** The public guide loads with the first page; staff pages load when first opened. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    children: [
      { index: true, element: <GuideHome /> },
      { path: 'guide/:departmentId', element: <DepartmentPage /> },
      {
        path: 'sign-in',
        lazy: async () => ({ Component: (await import('../accounts/SignInPage')).SignInPage }),
      },
      {
        path: 'account',
        lazy: async () => ({ Component: (await import('../accounts/AccountPage')).AccountPage }),
      },
      {
        path: 'admin/catalog',
        lazy: async () => ({ Component: (await import('../admin/CatalogAdminPage')).CatalogAdminPage }),
      },
      {
        path: 'admin/catalog/:departmentId',
        lazy: async () => ({ Component: (await import('../admin/DepartmentEditPage')).DepartmentEditPage }),
      },
      {
        path: 'admin/users',
        lazy: async () => ({ Component: (await import('../admin/UsersPage')).UsersPage }),
      },
      {
        path: 'referrals',
        lazy: async () => ({ Component: (await import('../referrals/ReferralListPage')).ReferralListPage }),
      },
      {
        // "new" (with ?department=) starts a referral; an id shows one or continues a draft.
        path: 'referrals/:id',
        lazy: async () => ({ Component: (await import('../referrals/ReferralPage')).ReferralPage }),
      },
      {
        path: 'worklist',
        lazy: async () => ({ Component: (await import('../worklist/WorklistPage')).WorklistPage }),
      },
      {
        path: 'worklist/register',
        lazy: async () => ({
          Component: (await import('../worklist/RegisterReferralPage')).RegisterReferralPage,
        }),
      },
      {
        path: 'audit',
        lazy: async () => ({ Component: (await import('../audit/AuditLogPage')).AuditLogPage }),
      },
      ...capabilityRoutes,
      { path: '*', element: <NotFound /> },
    ],
  },
];
