import Fastify, { type FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { DatabaseHandle } from '@loket/db';
import { createAuth } from './accounts/auth.ts';
import { accountRoutes } from './accounts/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { AuditTrail } from './audit/trail.ts';
import { catalogRoutes } from './catalog/routes.ts';
import { CatalogService } from './catalog/service.ts';
import type { Config } from './config.ts';
import { contextPlugin } from './context.ts';
import accessPlugin from './http/access.ts';
import { HttpError, languageOf, localizedIssues, sendProblem } from './http/errors.ts';
import { webRoutes } from './http/web.ts';
import { demoRoutes } from './demo/routes.ts';
import { opsRoutes } from './ops/routes.ts';
import { userRoutes } from './users/routes.ts';
import { AccountService } from './users/service.ts';
import { ReferralService } from './referrals/service.ts';
import { referralRoutes } from './referrals/routes.ts';
import { documentRoutes } from './referrals/document-routes.ts';
import { DocumentStore, registerMultipart, UploadRefused } from './documents/index.ts';
import { scannerFromConfig } from './documents/scan.ts';
import { defaultReferralPolicy } from '@loket/domain';
import { SettingsService } from './settings/service.ts';
import { settingsRoutes } from './settings/routes.ts';
import { LetterNotifier } from './referrals/notifications.ts';
import { createMailer } from './messages/mailer.ts';
import { OutboxWorker } from './messages/worker.ts';
import { readAccount } from '@loket/db';
import { telephoneAdviceRoutes } from './telephone-advice/routes.ts';
import { incidentsRoutes } from './incidents/routes.ts';
import { gpRegistryRoutes } from './gp-registry/routes.ts';
import { quickDiagnosisRoutes } from './quick-diagnosis/routes.ts';
import { apopRoutes } from './apop/routes.ts';
import { secondOpinionsRoutes } from './second-opinions/routes.ts';
import { consentRoutes } from './consent/routes.ts';
import { costsRoutes } from './costs/routes.ts';
import { takeoverRoutes } from './takeover/routes.ts';
import { mdoRoutes } from './mdo/routes.ts';
import { patientPortalRoutes } from './patient-portal/routes.ts';
import { suddenDeathRoutes } from './sudden-death/routes.ts';
import { waitingTimesRoutes } from './waiting-times/routes.ts';
import { fhirRoutes } from './fhir/routes.ts';
import { restHookSender, withSubscriptions } from './fhir/subscriptions.ts';

const MAX_BODY_NESTING = 64;

/** How deep a parsed JSON body nests, counted without recursion (and stopping past the limit). */
function nestingDepth(value: unknown): number {
  const stack: [unknown, number][] = [[value, 0]];
  let max = 0;
  while (stack.length > 0 && max <= MAX_BODY_NESTING) {
    const [v, depth] = stack.pop()!;
    max = Math.max(max, depth);
    if (v !== null && typeof v === 'object' && !Buffer.isBuffer(v))
      for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  /** Pino options; tests pass false to keep output quiet. */
  logger?: boolean | Record<string, unknown>;
}

/** Log lines carry no personal data: no query strings, cookies, tokens or request bodies. */
export function loggerOptions(level: string) {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.password',
        '*.bsn',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method: string; url: string; id: string }) {
        return { id: req.id, method: req.method, path: req.url.split('?')[0] };
      },
    },
  };
}

/** The app as a plugin-structured Fastify instance: main.ts listens with it, tests inject into it. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const app = Fastify({
    logger: options.logger === undefined ? loggerOptions(config.logLevel) : options.logger,
    trustProxy: config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    // Bad or over-long URLs are refused by the router before any route runs; answer them in our own format
    // instead of Fastify's, which echoes the whole URL back (hostile-input finding).
    frameworkErrors: (error, request, reply) => {
      const tooLong = (error as { code?: string }).code === 'FST_ERR_MAX_PARAM_LENGTH';
      return sendProblem(request, reply, tooLong ? 414 : 400, 'invalid-input');
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const db = database.db;
  const audit = new AuditTrail(db, config.auditKey);
  const auth = createAuth(config, db, {
    isDisabled: async (userId) => (await readAccount(db, userId))?.disabledAt != null,
    log: (level, message) => app.log[level](message),
  });
  const catalog = new CatalogService(db, audit);
  const accounts = new AccountService(db, auth, audit);
  const settings = new SettingsService(db);
  const referrals = new ReferralService({
    db,
    audit,
    catalog,
    settings,
    // Letters and e-mails first, then the FHIR Subscription notifications (R4 rest-hook) for the same change.
    notifier: withSubscriptions(new LetterNotifier({ publicUrl: config.publicUrl })),
  });
  const mailer = createMailer({
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    dataDir: config.dataDir,
  });
  const outbox = new OutboxWorker(db, mailer, {
    hooks: restHookSender(),
    log: (level, msg, data) => app.log[level](data, msg),
  });
  app.addHook('onClose', async () => {
    await outbox.stop();
    mailer.close();
  });
  await app.register(contextPlugin, {
    config,
    database,
    db,
    auth,
    audit,
    catalog,
    accounts,
    settings,
    referrals,
    outbox,
  });

  app.setErrorHandler((caught, request, reply) => {
    // A virus scanner that is configured but down refuses uploads (fail closed); operators must hear of it.
    if (caught instanceof UploadRefused && caught.status >= 500)
      request.log.error({ err: caught.cause ?? caught }, 'upload refused: virus scanner unavailable');
    const error = caught instanceof UploadRefused ? caught.toHttpError(languageOf(request)) : caught;
    if (error instanceof HttpError) return sendProblem(request, reply, error.status, error.code, error.extra);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        ...(v.params as object),
        code: v.keyword,
        message: v.message,
        path: v.instancePath
          .split('/')
          .filter(Boolean)
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
      }));
      return sendProblem(request, reply, 400, 'invalid-input', {
        problems: localizedIssues(issues as never, languageOf(request)),
      });
    }
    // PostgreSQL's data exceptions (class 22: a NUL in text, a number out of range...) come from input the schemas
    // let through; they are the client's error, not a server failure (hostile-input finding).
    if (/^22[0-9A-Z]{3}$/.test(String((error as { code?: unknown }).code ?? ''))) {
      request.log.warn({ err: error }, 'input refused by the database');
      return sendProblem(request, reply, 400, 'invalid-input');
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 429) return sendProblem(request, reply, 429, 'rate-limited');
    if (status >= 400 && status < 500) {
      return sendProblem(request, reply, status, 'invalid-input', {
        problems: [{ path: '(request)', message: (error as Error).message }],
      });
    }
    request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, 500, 'internal-error');
  });

  // A body nested deeper than any schema of ours overflows the stack of recursive code (hashing, copying) further
  // on; it is refused before validation (hostile-input finding: 10,000 nested arrays gave 500s).
  app.addHook('preValidation', async (request, reply) => {
    if (nestingDepth(request.body) > MAX_BODY_NESTING)
      return sendProblem(request, reply, 400, 'invalid-input');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine sets inline style attributes; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Loket API',
        version: '0.1.0',
        description:
          "The JSON API of Loket, a hospital's front desk for referrals, second opinions and takeovers of treatment. " +
          'Every action of the web app is here, with the same access checks. Sign in through /api/auth/sign-in/email; ' +
          'the session is a cookie. Errors are `{ code, message, problems? }` in the language of Accept-Language (nl or en).',
      },
      tags: [
        { name: 'catalog', description: 'The public referral guide' },
        { name: 'catalog administration', description: 'Editing the guide (R-CAT-07)' },
        { name: 'accounts', description: 'The signed-in user' },
        { name: 'users', description: 'Account administration' },
        { name: 'audit', description: 'The audit trail (R-SEC-01)' },
        {
          name: 'referrals',
          description: 'The referral loop: intake, triage, invitation, letters, timeline',
        },
        {
          name: 'fhir',
          description:
            'HL7 FHIR R4 interface on the referral loop (read, search, transaction, Task update with If-Match, rest-hook Subscriptions; errors as OperationOutcome): what it supports is in its CapabilityStatement at /fhir/R4/metadata',
        },
      ],
    },
    transform: jsonSchemaTransform,
  });

  // Documentation routes come from a library and cannot carry our route config: they are public by design.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), access: 'public' };
  });
  await app.register(accessPlugin);
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(opsRoutes);
  await app.register(accountRoutes);
  await app.register(catalogRoutes);
  await app.register(userRoutes);
  await app.register(auditRoutes);
  await app.register(referralRoutes);
  await app.register(settingsRoutes);
  // The multipart limit is a ceiling; each upload is held to the policy's current limit.
  await registerMultipart(app, Math.max(defaultReferralPolicy.maxUploadMegabytes, 1000) * 1024 * 1024);
  const store = new DocumentStore(`${config.dataDir}/documents`, { scanner: scannerFromConfig(config) });
  await app.register(documentRoutes, { store });
  await app.register(telephoneAdviceRoutes, { store });
  await app.register(incidentsRoutes, { store });
  await app.register(gpRegistryRoutes, { store });
  await app.register(quickDiagnosisRoutes, { store });
  await app.register(apopRoutes, { store });
  await app.register(suddenDeathRoutes, { store });
  await app.register(secondOpinionsRoutes, { store });
  await app.register(consentRoutes, { store });
  await app.register(costsRoutes, { store });
  await app.register(takeoverRoutes, { store });
  await app.register(mdoRoutes, { store });
  await app.register(patientPortalRoutes, { store });
  await app.register(waitingTimesRoutes);
  await app.register(fhirRoutes, { store });
  await app.register(demoRoutes);
  await app.register(webRoutes);
  return app;
}
