import {
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  PasswordInput,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AccountUpdateSchema,
  MIN_PASSWORD_LENGTH,
  NewAccountSchema,
  problemsOf,
  resolveText,
  roles as allRoles,
} from '@loket/domain';
import { useCatalog } from '../referral-guide/catalog.resource';
import { api, ApiError } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { adminKeys, useRoles, type Account } from './admin.resource';
import { problemMap, problemsOfError } from './problems';

interface Fields {
  name: string;
  email: string;
  password: string;
  roles: string[];
  departmentIds: string[];
  agbCode: string;
  uziNumber: string;
  specialism: string;
  organisationId: string;
  locale: 'nl' | 'en';
}

const empty: Fields = {
  name: '',
  email: '',
  password: '',
  roles: [],
  departmentIds: [],
  agbCode: '',
  uziNumber: '',
  specialism: '',
  organisationId: '',
  locale: 'nl',
};

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/**
 * Making an account (all fields, with a first password) or changing one (name, roles, departments, referrer
 * details). The schema is checked here first so the administrator sees every problem at once.
 */
export function UserForm({
  account,
  onDone,
  onCancel,
}: {
  /** The account to change; absent to make a new one. */
  account?: Account;
  onDone: (result: { id: string; email: string }) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const rolesQuery = useRoles();
  const catalog = useCatalog();
  const [f, setF] = useState<Fields>(() =>
    account
      ? {
          ...empty,
          name: account.name,
          email: account.email,
          roles: account.roles,
          departmentIds: account.departmentIds,
          agbCode: account.agbCode ?? '',
          uziNumber: account.uziNumber ?? '',
          specialism: account.specialism ?? '',
          organisationId: account.organisationId ?? '',
          locale: account.locale,
        }
      : empty,
  );
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) =>
    setF((prev) => ({ ...prev, [key]: value }));
  const problems = problemMap(problemsOfError(error));
  const isReferrer = f.roles.includes('referrer');
  const prefix = account ? `user-edit` : `user-new`;

  const save = useMutation({
    mutationFn: async (body: Record<string, unknown>) => {
      if (account) {
        await api<Account>(`/api/admin/users/${encodeURIComponent(account.id)}`, { method: 'PUT', body });
        return { id: account.id, email: account.email };
      }
      const r = await api<{ id: string }>('/api/admin/users', { method: 'POST', body });
      return { id: r.id, email: String(body.email) };
    },
    onSuccess: async (r) => {
      await client.invalidateQueries({ queryKey: adminKeys.users });
      await client.invalidateQueries({ queryKey: ['me'] });
      onDone(r);
    },
    onError: setError,
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const common = {
      name: f.name,
      roles: f.roles,
      departmentIds: f.departmentIds,
      agbCode: isReferrer || f.agbCode.trim() !== '' ? orNull(f.agbCode) : null,
      uziNumber: orNull(f.uziNumber),
      specialism: orNull(f.specialism),
      organisationId: orNull(f.organisationId),
      locale: f.locale,
    };
    const body = account ? common : { email: f.email.trim(), password: f.password, ...common };
    const check = account ? AccountUpdateSchema.safeParse(body) : NewAccountSchema.safeParse(body);
    if (!check.success) {
      setError(new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error)));
      return;
    }
    setError(null);
    save.mutate(body);
  };

  const roleOptions = (rolesQuery.data ?? [...allRoles]).map((r) => ({ value: r, label: t(`role.${r}`) }));
  const departmentOptions = [...(catalog.data?.departments ?? [])]
    .map((d) => ({ value: d.id, label: resolveText(d.name, lang).text }))
    .sort((a, b) => a.label.localeCompare(b.label, lang));
  // Departments an account already has but the catalog no longer lists stay visible (and removable).
  for (const id of f.departmentIds)
    if (!departmentOptions.some((o) => o.value === id)) departmentOptions.push({ value: id, label: id });
  const err = (path: string) => problems.get(path) ?? problems.get(`${path}[0]`);

  return (
    <form onSubmit={submit} noValidate data-testid={account ? 'edit-user-form' : 'new-user-form'}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('admin.users.name')}
            value={f.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={err('name')}
            required
            autoComplete="off"
            data-testid={`${prefix}-name`}
          />
          <TextInput
            label={t('admin.users.email')}
            type="email"
            value={f.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={err('email')}
            required={!account}
            readOnly={!!account}
            disabled={!!account}
            autoComplete="off"
            data-testid={`${prefix}-email`}
          />
        </SimpleGrid>
        {!account && (
          <PasswordInput
            label={t('admin.users.password')}
            description={t('admin.users.passwordHint', { count: MIN_PASSWORD_LENGTH })}
            value={f.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={err('password')}
            required
            autoComplete="new-password"
            data-testid={`${prefix}-password`}
          />
        )}
        <Checkbox.Group
          label={t('admin.users.roles')}
          value={f.roles}
          onChange={(v) => set('roles', v)}
          error={err('roles')}
          withAsterisk
          data-testid={`${prefix}-roles`}
        >
          <Group gap="md" mt={6}>
            {roleOptions.map((r) => (
              <Checkbox
                key={r.value}
                value={r.value}
                label={r.label}
                data-testid={`${prefix}-role-${r.value}`}
              />
            ))}
          </Group>
        </Checkbox.Group>
        <MultiSelect
          label={t('admin.users.departments')}
          description={t('admin.users.departmentsHint')}
          data={departmentOptions}
          value={f.departmentIds}
          onChange={(v) => set('departmentIds', v)}
          error={err('departmentIds')}
          searchable
          clearable
          data-testid={`${prefix}-departments`}
        />
        {(isReferrer || f.agbCode.trim() !== '') && (
          <TextInput
            label={t('admin.users.agbCode')}
            description={t('admin.users.agbHint')}
            inputMode="numeric"
            maxLength={8}
            value={f.agbCode}
            onChange={(e) => set('agbCode', e.currentTarget.value)}
            error={err('agbCode')}
            required={isReferrer}
            data-testid={`${prefix}-agb`}
          />
        )}
        <TextInput
          label={t('admin.users.uziNumber')}
          description={t('admin.users.uziHint')}
          inputMode="numeric"
          maxLength={9}
          value={f.uziNumber}
          onChange={(e) => set('uziNumber', e.currentTarget.value)}
          error={err('uziNumber')}
          data-testid={`${prefix}-uzi`}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('admin.users.specialism')}
            value={f.specialism}
            onChange={(e) => set('specialism', e.currentTarget.value)}
            error={err('specialism')}
            data-testid={`${prefix}-specialism`}
          />
          <TextInput
            label={t('admin.users.organisation')}
            value={f.organisationId}
            onChange={(e) => set('organisationId', e.currentTarget.value)}
            error={err('organisationId')}
            data-testid={`${prefix}-organisation`}
          />
          <NativeSelect
            label={t('admin.users.locale')}
            data={[
              { value: 'nl', label: t('admin.lang.nl') },
              { value: 'en', label: t('admin.lang.en') },
            ]}
            value={f.locale}
            onChange={(e) => set('locale', e.currentTarget.value === 'en' ? 'en' : 'nl')}
            data-testid={`${prefix}-locale`}
          />
        </SimpleGrid>
        <ErrorAlert error={error} />
        <Group gap="xs">
          <Button type="submit" loading={save.isPending} data-testid={account ? 'save-user' : 'add-user'}>
            {account ? t('common.save') : t('admin.users.create')}
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
