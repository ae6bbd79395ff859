import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  ageInYears,
  problemsOf,
  SUDDEN_DEATH_AUTOPSY_AGES,
  SUDDEN_DEATH_MIN_BIOPSIES,
  SUDDEN_DEATH_TRANSPORT_COST_EUR,
  suddenDeathAdvice,
  SuddenDeathRequestInputSchema,
  suddenDeathSexes,
  type SuddenDeathKind,
  type SuddenDeathSex,
} from '@loket/domain';
import { useMe } from '../accounts/me.resource';
import { newIdempotencyKey } from '../referrals/referrals.resource';
import { ApiError, api } from '../shared/api';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { suddenDeathKeys, type SuddenDeathView } from './suddenDeath.resource';

export function RequestFormPage() {
  return (
    <RequireRole roles={['referrer']}>
      <RequestForm />
    </RequireRole>
  );
}

const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);

/** A family doctor's request for autopsy or DNA storage (R-SD-01); the form keeps what was typed if refused. */
function RequestForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { data: me } = useMe();
  const [params] = useSearchParams();
  const [kind, setKind] = useState<SuddenDeathKind>(
    params.get('kind') === 'autopsy' ? 'autopsy' : 'dna-storage',
  );
  const [deceased, setDeceased] = useState({ givenName: '', familyName: '', birthDate: '', deathDate: '' });
  const [sex, setSex] = useState<SuddenDeathSex | ''>('');
  const [count, setCount] = useState<number | string>(SUDDEN_DEATH_MIN_BIOPSIES);
  const [checks, setChecks] = useState({
    onePerPot: false,
    labelled: false,
    roomTemperature: false,
    familyConsent: false,
    transportCostsExplained: false,
  });
  const [requester, setRequester] = useState(() => ({
    name: me?.user?.name ?? '',
    practice: '',
    agbCode: me?.user?.agbCode ?? '',
    phone: '',
    email: me?.user?.email ?? '',
  }));
  const [note, setNote] = useState('');
  const [key] = useState(newIdempotencyKey);
  const { error, problems, pending, submit, touch } = useFormSubmit();
  const err = (path: string) => problems.get(path);

  const ageAtDeath =
    isDate(deceased.birthDate) && isDate(deceased.deathDate) && deceased.birthDate <= deceased.deathDate
      ? ageInYears(deceased.birthDate, deceased.deathDate)
      : null;
  const setD = (k: keyof typeof deceased, v: string) => {
    setDeceased((d) => ({ ...d, [k]: v }));
    touch(`deceased.${k}`);
  };
  const setR = (k: keyof typeof requester, v: string) => {
    setRequester((r) => ({ ...r, [k]: v }));
    touch(`requester.${k}`);
  };
  const check = (k: keyof typeof checks, label: string, path: string) => (
    <Checkbox
      label={label}
      checked={checks[k]}
      onChange={(e) => {
        const on = e.currentTarget.checked;
        setChecks((c) => ({ ...c, [k]: on }));
        touch(path);
      }}
      error={err(path)}
      data-testid={`sd-${k}`}
    />
  );

  const save = () => {
    const body = {
      kind,
      deceased: { ...deceased, sex: sex || undefined },
      biopsies:
        kind === 'dna-storage'
          ? {
              count: typeof count === 'number' ? count : undefined,
              onePerPot: checks.onePerPot,
              labelled: checks.labelled,
              roomTemperature: checks.roomTemperature,
            }
          : null,
      autopsy:
        kind === 'autopsy'
          ? { familyConsent: checks.familyConsent, transportCostsExplained: checks.transportCostsExplained }
          : null,
      requester,
      note,
    };
    return submit(
      () => {
        const parsed = SuddenDeathRequestInputSchema.safeParse(body);
        return parsed.success
          ? null
          : new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(parsed.error));
      },
      async () => {
        const v = await api<SuddenDeathView>('/api/sudden-death/requests', { body, idempotencyKey: key });
        client.setQueryData(suddenDeathKeys.request(v.id), v);
        void client.invalidateQueries({ queryKey: suddenDeathKeys.mine });
        navigate(`/sudden-death/requests/${v.id}`);
      },
    );
  };

  return (
    <Stack gap="lg" data-testid="sd-request-form">
      <Anchor component={Link} to="/sudden-death" size="sm">
        {t('suddenDeath.backToGuide')}
      </Anchor>
      <Title order={1}>{t('suddenDeath.form.title')}</Title>
      <form
        noValidate
        autoComplete="off"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack gap="md">
          <Radio.Group
            label={t('suddenDeath.form.kind')}
            value={kind}
            onChange={(v) => setKind(v === 'autopsy' ? 'autopsy' : 'dna-storage')}
            withAsterisk
            data-testid="sd-kind"
          >
            <Group gap="lg" mt={6}>
              <Radio value="autopsy" label={t('suddenDeath.kind.autopsy')} />
              <Radio value="dna-storage" label={t('suddenDeath.kind.dna-storage')} />
            </Group>
          </Radio.Group>

          <Fieldset legend={t('suddenDeath.form.deceased')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('suddenDeath.fields.givenName')}
                value={deceased.givenName}
                onChange={(e) => setD('givenName', e.currentTarget.value)}
                error={err('deceased.givenName')}
              />
              <TextInput
                label={t('suddenDeath.fields.familyName')}
                withAsterisk
                value={deceased.familyName}
                onChange={(e) => setD('familyName', e.currentTarget.value)}
                error={err('deceased.familyName')}
              />
              <TextInput
                type="date"
                label={t('suddenDeath.fields.birthDate')}
                withAsterisk
                value={deceased.birthDate}
                onChange={(e) => setD('birthDate', e.currentTarget.value)}
                error={err('deceased.birthDate')}
              />
              <TextInput
                type="date"
                label={t('suddenDeath.fields.deathDate')}
                withAsterisk
                value={deceased.deathDate}
                onChange={(e) => setD('deathDate', e.currentTarget.value)}
                error={err('deceased.deathDate')}
              />
            </SimpleGrid>
            <Radio.Group
              mt="sm"
              label={t('suddenDeath.fields.sex')}
              value={sex}
              onChange={(v) => {
                setSex(v as SuddenDeathSex);
                touch('deceased.sex');
              }}
              error={err('deceased.sex')}
              withAsterisk
            >
              <Group gap="lg" mt={6}>
                {suddenDeathSexes.map((s) => (
                  <Radio key={s} value={s} label={t(`suddenDeath.sex.${s}`)} />
                ))}
              </Group>
            </Radio.Group>
            {ageAtDeath !== null && (
              <Text size="sm" mt="sm" role="status" data-testid="sd-form-advice">
                {suddenDeathAdvice(ageAtDeath) === 'autopsy-advised'
                  ? t('suddenDeath.form.ageAdvised', { age: ageAtDeath, ...SUDDEN_DEATH_AUTOPSY_AGES })
                  : t('suddenDeath.form.ageConsult', { age: ageAtDeath, ...SUDDEN_DEATH_AUTOPSY_AGES })}
              </Text>
            )}
          </Fieldset>

          {kind === 'dna-storage' ? (
            <Fieldset legend={t('suddenDeath.form.biopsies')}>
              <Stack gap="sm">
                <NumberInput
                  label={t('suddenDeath.fields.count')}
                  description={t('suddenDeath.form.countHint', { min: SUDDEN_DEATH_MIN_BIOPSIES })}
                  min={SUDDEN_DEATH_MIN_BIOPSIES}
                  max={10}
                  allowDecimal={false}
                  value={count}
                  onChange={(v) => {
                    setCount(v);
                    touch('biopsies.count');
                  }}
                  error={err('biopsies.count')}
                  maw={240}
                  data-testid="sd-count"
                />
                {check('onePerPot', t('suddenDeath.form.onePerPot'), 'biopsies.onePerPot')}
                {check('labelled', t('suddenDeath.form.labelled'), 'biopsies.labelled')}
                {check('roomTemperature', t('suddenDeath.form.roomTemperature'), 'biopsies.roomTemperature')}
                <ErrorMessage message={err('biopsies')} />
              </Stack>
            </Fieldset>
          ) : (
            <Fieldset legend={t('suddenDeath.form.autopsy')}>
              <Stack gap="sm">
                {check('familyConsent', t('suddenDeath.form.familyConsent'), 'autopsy.familyConsent')}
                {check(
                  'transportCostsExplained',
                  t('suddenDeath.form.transportCosts', { cost: SUDDEN_DEATH_TRANSPORT_COST_EUR }),
                  'autopsy.transportCostsExplained',
                )}
                <ErrorMessage message={err('autopsy')} />
              </Stack>
            </Fieldset>
          )}

          <Fieldset legend={t('suddenDeath.form.requester')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('suddenDeath.fields.requesterName')}
                withAsterisk
                value={requester.name}
                onChange={(e) => setR('name', e.currentTarget.value)}
                error={err('requester.name')}
              />
              <TextInput
                label={t('suddenDeath.fields.practice')}
                value={requester.practice}
                onChange={(e) => setR('practice', e.currentTarget.value)}
                error={err('requester.practice')}
              />
              <TextInput
                label={t('suddenDeath.fields.agbCode')}
                value={requester.agbCode}
                onChange={(e) => setR('agbCode', e.currentTarget.value)}
                error={err('requester.agbCode')}
              />
              <TextInput
                type="tel"
                label={t('suddenDeath.fields.phone')}
                withAsterisk
                value={requester.phone}
                onChange={(e) => setR('phone', e.currentTarget.value)}
                error={err('requester.phone')}
              />
              <TextInput
                type="email"
                label={t('suddenDeath.fields.email')}
                value={requester.email}
                onChange={(e) => setR('email', e.currentTarget.value)}
                error={err('requester.email')}
              />
            </SimpleGrid>
          </Fieldset>

          <Textarea
            label={t('suddenDeath.fields.note')}
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={err('note')}
          />
          <ErrorAlert error={error} />
          <Group>
            <Button type="submit" loading={pending} data-testid="sd-submit">
              {t('suddenDeath.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

function ErrorMessage({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" p="xs">
      {message}
    </Alert>
  );
}
