import type { FastifyInstance } from 'fastify';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';
import { DEMO_TOTP_SECRET } from './accounts.ts';

/** Demo mode only: the current code of the published demo TOTP secret, shown on the sign-in page. */
export async function demoRoutes(app: FastifyInstance) {
  if (app.loket.config.mode !== 'demo') return;
  app.get(
    '/api/demo/second-factor-code',
    { config: { access: 'public' }, schema: { hide: true } },
    async () => ({
      code: await createOTP(base32.decode(DEMO_TOTP_SECRET)).totp(),
      secret: DEMO_TOTP_SECRET,
    }),
  );
}
