import { Alert, Badge, Button, Checkbox, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canonicalEqual, HospitalSchema, problemsOf, type Hospital } from '@loket/domain';
import { api, ApiError } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import { adminKeys, useAdminHospital, type VersionedHospital } from './admin.resource';
import { HoursSlotsEditor, LocalizedTextInput, PhoneInput } from './fields';
import { clientProblems, problemMap, problemsOfError, ProblemsContext } from './problems';

/** Hospital-wide settings: the main number and what "office hours" means. */
export function HospitalSettings() {
  const { t } = useTranslation();
  const query = useAdminHospital();
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  if (query.isLoading) return <Loader size="sm" aria-label={t('common.loading')} />;
  if (query.error || !query.data) return <ErrorAlert error={query.error} />;
  return (
    <HospitalEditor
      key={`${query.data.version}:${query.dataUpdatedAt}`}
      loaded={query.data}
      savedVersion={savedVersion}
      onSaved={setSavedVersion}
      onReload={() => {
        setSavedVersion(null);
        void query.refetch();
      }}
      reloading={query.isFetching}
    />
  );
}

function HospitalEditor({
  loaded,
  savedVersion,
  onSaved,
  onReload,
  reloading,
}: {
  loaded: VersionedHospital;
  savedVersion: number | null;
  onSaved: (v: number | null) => void;
  onReload: () => void;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState<Hospital>(loaded.hospital);
  const [attempted, setAttempted] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const check = useMemo(() => HospitalSchema.safeParse(draft), [draft]);
  const problems = useMemo(
    () =>
      problemMap([
        ...(attempted && !check.success ? problemsOf(check.error) : []),
        ...problemsOfError(error),
      ]),
    [attempted, check, error],
  );
  const dirty = !canonicalEqual(draft, loaded.hospital);

  const save = useMutation({
    mutationFn: (hospital: Hospital) =>
      api<{ version: number }>('/api/admin/catalog/hospital', {
        method: 'PUT',
        body: { hospital, version: loaded.version },
      }),
    onSuccess: async (r) => {
      onSaved(r.version);
      await Promise.all([
        client.invalidateQueries({ queryKey: adminKeys.hospital }),
        client.invalidateQueries({ queryKey: adminKeys.history('hospital', 'hospital') }),
        client.invalidateQueries({ queryKey: ['catalog'] }),
      ]);
    },
    onError: setError,
  });

  const submit = () => {
    onSaved(null);
    setError(null);
    setAttempted(true);
    const result = HospitalSchema.safeParse(draft);
    if (result.success) save.mutate(result.data);
  };

  const conflict = error instanceof ApiError && error.code === 'version-conflict';
  const localError =
    attempted && !check.success
      ? clientProblems(check.error, 'invalid-catalog', t('admin.validation.local'))
      : null;

  return (
    <ProblemsContext value={problems}>
      <Stack gap="md" data-testid="hospital-settings">
        <Group gap="xs">
          <Badge variant="light" data-testid="hospital-version">
            {t('admin.version', { version: loaded.version })}
          </Badge>
          {dirty && (
            <Badge color="orange" variant="light">
              {t('admin.unsaved')}
            </Badge>
          )}
        </Group>
        <PhoneInput
          label={t('admin.hospital.mainPhone')}
          value={draft.mainPhone}
          onChange={(v) => setDraft({ ...draft, mainPhone: v ?? '' })}
          path="mainPhone"
          required
          testId="main-phone"
        />
        <LocalizedTextInput
          label={t('admin.hospital.mainPhoneText')}
          value={draft.mainPhoneText}
          onChange={(v) => setDraft({ ...draft, mainPhoneText: v ?? {} })}
          path="mainPhoneText"
          required
          testId="main-phone-text"
        />
        <Stack gap={4}>
          <Title order={3} size="h5">
            {t('admin.hospital.officeHours')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('admin.hospital.officeHoursHint')}
          </Text>
          <HoursSlotsEditor
            slots={draft.officeHours ?? []}
            onChange={(officeHours) => setDraft({ ...draft, officeHours })}
            path="officeHours"
            testId="office-hours"
            legend={t('admin.hours.slot')}
          />
        </Stack>
        <Checkbox
          label={t('admin.hospital.closedOnPublicHolidays')}
          checked={draft.closedOnPublicHolidays ?? true}
          onChange={(e) => setDraft({ ...draft, closedOnPublicHolidays: e.currentTarget.checked })}
          data-testid="closed-on-public-holidays"
        />
        <div aria-live="polite">
          {(savedVersion !== null || error || localError) && (
            <Stack gap="xs" data-testid="hospital-save-result">
              {savedVersion !== null && (
                <Alert color="green" title={t('admin.saved.title')}>
                  {t('admin.saved.text', { version: savedVersion })}
                </Alert>
              )}
              {conflict && (
                <Alert color="orange" role="alert" title={t('admin.conflict.title')}>
                  <Stack gap="xs">
                    <Text size="sm">{t('errors.version-conflict')}</Text>
                    <Text size="sm">{t('admin.conflict.keep')}</Text>
                    <Group>
                      <Button size="xs" onClick={onReload} loading={reloading}>
                        {t('admin.conflict.reload')}
                      </Button>
                    </Group>
                  </Stack>
                </Alert>
              )}
              {!conflict && error !== null && <ErrorAlert error={error} title={t('admin.saveFailed')} />}
              {localError && <ErrorAlert error={localError} title={t('admin.validation.title')} />}
            </Stack>
          )}
        </div>
        <Group>
          <Button onClick={submit} loading={save.isPending} data-testid="save-hospital">
            {t('admin.hospital.save')}
          </Button>
          <Button variant="default" onClick={onReload} disabled={save.isPending || !dirty}>
            {t('admin.discard')}
          </Button>
        </Group>
      </Stack>
    </ProblemsContext>
  );
}
