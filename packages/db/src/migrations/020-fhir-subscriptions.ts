import type { MigrationStatements } from './types.ts';

/**
 * FHIR Subscriptions (issue 6): a referring system asks to be told when a Task changes. The notification itself
 * is an outbox message with channel 'rest-hook', so it is written in the same transaction as the change and
 * delivered (and retried) by the same worker as the e-mails.
 */
export const statements: MigrationStatements = [
  `create table fhir_subscription (
    id text primary key,
    user_id text not null,
    status text not null check (status in ('active', 'off', 'error')),
    criteria text not null,
    reason text not null,
    endpoint text not null,
    payload text,
    headers jsonb not null default '[]'::jsonb,
    end_at timestamptz,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    version integer not null default 1
  )`,
  `create index fhir_subscription_active_idx on fhir_subscription (status) where status = 'active'`,
  `create index fhir_subscription_user_idx on fhir_subscription (user_id)`,
  `alter table outbox_message drop constraint outbox_message_channel_check`,
  `alter table outbox_message add constraint outbox_message_channel_check check (channel in ('email', 'rest-hook'))`,
];
