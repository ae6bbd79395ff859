import {
  Alert,
  Badge,
  Button,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { resolveText } from '@loket/domain';
import { useMe } from '../accounts/me.resource';
import { useCatalog } from '../referral-guide/catalog.resource';
import { api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { adminKeys, useUsers, type Account } from './admin.resource';
import { RequireRole } from '../shared/RequireRole';
import { UserForm } from './UserForm';

export function UsersPage() {
  return (
    <RequireRole roles={['administrator']}>
      <Users />
    </RequireRole>
  );
}

function Users() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { data: me } = useMe();
  const users = useUsers();
  const catalog = useCatalog();
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<Account | null>(null);
  const [toggling, setToggling] = useState<Account | null>(null);
  const [formKey, setFormKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);

  const departmentName = useMemo(() => {
    const names = new Map(
      (catalog.data?.departments ?? []).map((d) => [d.id, resolveText(d.name, lang).text]),
    );
    return (id: string) => names.get(id) ?? id;
  }, [catalog.data, lang]);

  const list = useMemo(() => {
    const q = filter.trim().toLowerCase();
    const all = [...(users.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, lang));
    if (!q) return all;
    return all.filter(
      (u) =>
        u.name.toLowerCase().includes(q) ||
        u.email.toLowerCase().includes(q) ||
        u.roles.some((r) => r.includes(q)),
    );
  }, [users.data, filter, lang]);

  return (
    <Stack gap="lg" data-testid="users-page">
      <Title order={1}>{t('admin.users.title')}</Title>
      {notice && (
        <Alert
          color="green"
          withCloseButton
          onClose={() => setNotice(null)}
          data-testid="users-notice"
          aria-live="polite"
        >
          {notice}
        </Alert>
      )}

      <Paper withBorder p="lg" component="section" aria-labelledby="accounts-title">
        <Group justify="space-between" align="flex-end" mb="md">
          <Title order={2} size="h3" id="accounts-title">
            {t('admin.users.accounts')}
          </Title>
          <TextInput
            label={t('admin.users.filter')}
            value={filter}
            onChange={(e) => setFilter(e.currentTarget.value)}
            w={{ base: '100%', sm: 300 }}
            data-testid="user-filter"
          />
        </Group>
        {users.isLoading ? (
          <Loader size="sm" aria-label={t('common.loading')} />
        ) : users.error ? (
          <ErrorAlert error={users.error} />
        ) : (
          <Table.ScrollContainer minWidth={900}>
            <Table striped highlightOnHover data-testid="users-table">
              <Table.Caption>{t('admin.users.count', { count: users.data?.length ?? 0 })}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('admin.users.name')}</Table.Th>
                  <Table.Th>{t('admin.users.email')}</Table.Th>
                  <Table.Th>{t('admin.users.roles')}</Table.Th>
                  <Table.Th>{t('admin.users.departments')}</Table.Th>
                  <Table.Th>{t('admin.users.twoFactor')}</Table.Th>
                  <Table.Th>{t('admin.users.status')}</Table.Th>
                  <Table.Th>{t('admin.catalog.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((u) => (
                  <Table.Tr key={u.id} data-testid="user-row" data-email={u.email} data-disabled={u.disabled}>
                    <Table.Td>
                      <Text fw={500} c={u.disabled ? 'dimmed' : undefined}>
                        {u.name}
                      </Text>
                      {u.agbCode && (
                        <Text size="xs" c="dimmed">
                          {t('admin.users.agbShort')} {u.agbCode}
                          {u.specialism ? ` · ${u.specialism}` : ''}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>{u.email}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Group gap={4}>
                        {u.roles.map((r) => (
                          <Badge
                            key={r}
                            variant="light"
                            size="sm"
                            tt="none"
                            style={{ minWidth: 'max-content' }}
                          >
                            {t(`role.${r}`, { defaultValue: r })}
                          </Badge>
                        ))}
                      </Group>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">
                        {u.departmentIds.length ? u.departmentIds.map(departmentName).join(', ') : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{u.twoFactorEnabled ? t('admin.yes') : t('admin.no')}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {u.disabled ? (
                        <Badge
                          color="red"
                          variant="filled"
                          size="sm"
                          tt="none"
                          style={{ minWidth: 'max-content' }}
                          data-testid="user-disabled"
                        >
                          {t('admin.users.disabled')}
                        </Badge>
                      ) : (
                        <Badge
                          color="green"
                          variant="light"
                          size="sm"
                          tt="none"
                          style={{ minWidth: 'max-content' }}
                        >
                          {t('admin.users.active')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="xs"
                          variant="default"
                          onClick={() => setEditing(u)}
                          data-testid="edit-user"
                        >
                          {t('admin.users.edit')}
                        </Button>
                        <Button
                          size="xs"
                          variant={u.disabled ? 'light' : 'subtle'}
                          color={u.disabled ? 'green' : 'red'}
                          disabled={u.id === me?.user?.id}
                          title={u.id === me?.user?.id ? t('admin.users.notSelf') : undefined}
                          onClick={() => setToggling(u)}
                          data-testid={u.disabled ? 'enable-user' : 'disable-user'}
                        >
                          {u.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                        </Button>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>

      <Paper withBorder p="lg" component="section" aria-labelledby="add-user-title">
        <Title order={2} size="h3" id="add-user-title" mb="md">
          {t('admin.users.addTitle')}
        </Title>
        <UserForm
          key={formKey}
          onDone={(r) => {
            setNotice(t('admin.users.created', { email: r.email }));
            setFormKey((k) => k + 1);
          }}
        />
      </Paper>

      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing ? t('admin.users.editTitle', { name: editing.name }) : ''}
        size="lg"
      >
        {editing && (
          <UserForm
            key={editing.id}
            account={editing}
            onCancel={() => setEditing(null)}
            onDone={() => {
              setNotice(t('admin.users.updated', { name: editing.name }));
              setEditing(null);
            }}
          />
        )}
      </Modal>

      <DisableDialog
        account={toggling}
        onClose={() => setToggling(null)}
        onDone={(a) => {
          setNotice(
            a.disabled
              ? t('admin.users.enabledNotice', { name: a.name })
              : t('admin.users.disabledNotice', { name: a.name }),
          );
          setToggling(null);
        }}
      />
    </Stack>
  );
}

function DisableDialog({
  account,
  onClose,
  onDone,
}: {
  account: Account | null;
  onClose: () => void;
  onDone: (a: Account) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const toggle = useMutation({
    mutationFn: (a: Account) =>
      api(`/api/admin/users/${encodeURIComponent(a.id)}/disabled`, {
        method: 'POST',
        body: { disabled: !a.disabled },
      }),
    onSuccess: async (_r, a) => {
      await client.invalidateQueries({ queryKey: adminKeys.users });
      onDone(a);
    },
  });
  const close = () => {
    toggle.reset();
    onClose();
  };
  const disabling = account ? !account.disabled : true;
  return (
    <Modal
      opened={account !== null}
      onClose={close}
      title={disabling ? t('admin.users.disableTitle') : t('admin.users.enableTitle')}
    >
      {account && (
        <Stack>
          <Text>
            {disabling
              ? t('admin.users.disableText', { name: account.name, email: account.email })
              : t('admin.users.enableText', { name: account.name, email: account.email })}
          </Text>
          <ErrorAlert error={toggle.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              color={disabling ? 'red' : 'green'}
              loading={toggle.isPending}
              onClick={() => toggle.mutate(account)}
              data-testid="confirm-disable"
            >
              {disabling ? t('admin.users.disable') : t('admin.users.enable')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
