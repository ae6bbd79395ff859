import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  NumberInput,
  Paper,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { problemsOf, SuddenDeathStepInputSchemas, type SuddenDeathAction } from '@loket/domain';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { todayInNetherlands } from '../referrals/format';
import { ApiError, api } from '../shared/api';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { SuddenDeathStateBadge } from './Badges';
import { RequestFacts, Timeline } from './RequestDetails';
import { useCase, useStoreCase, type SuddenDeathView } from './suddenDeath.resource';

export function CasePage() {
  return (
    <RequireRole roles={['back-office', 'specialist']}>
      <Case />
    </RequireRole>
  );
}

function Case() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const q = useCase(id);
  const [open, setOpen] = useState<SuddenDeathAction | null>(null);
  if (q.isLoading) return <Loader aria-label={t('common.loading')} />;
  if (!q.data) return <ErrorAlert error={q.error} />;
  const v = q.data;
  return (
    <Stack gap="lg" data-testid="sd-case-page">
      <Anchor component={Link} to="/sudden-death/cases" size="sm">
        {t('suddenDeath.cases.title')}
      </Anchor>
      <Group gap="sm" align="center">
        <Title order={1}>{t('suddenDeath.request.title', { reference: v.reference })}</Title>
        <SuddenDeathStateBadge state={v.state} />
      </Group>
      <Paper withBorder p="md" component="section" aria-labelledby="sd-steps-title">
        <Title order={2} size="h4" id="sd-steps-title" mb="sm">
          {t('suddenDeath.step.title')}
        </Title>
        <Stack gap="xs">
          {(v.steps ?? []).map((s) => (
            <Group key={s.action} gap="sm" wrap="nowrap" align="center">
              <Button
                variant={s.allowed ? 'filled' : 'default'}
                disabled={!s.allowed}
                onClick={() => setOpen(s.action)}
                data-testid={`sd-step-${s.action}`}
                miw={220}
              >
                {t(`suddenDeath.step.${s.action}`)}
              </Button>
              {!s.allowed && s.reason && (
                <Text size="sm" c="dimmed" data-testid={`sd-step-${s.action}-reason`}>
                  {t(`suddenDeath.refusal.${s.reason}`)}
                </Text>
              )}
            </Group>
          ))}
          <Anchor href={`/api/sudden-death/cases/${encodeURIComponent(v.id)}/form`} download size="sm">
            {t('suddenDeath.request.print')}
          </Anchor>
        </Stack>
      </Paper>
      <RequestFacts view={v} />
      <Timeline view={v} />
      {open && <StepDialog key={open} view={v} action={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function StepDialog({
  view,
  action,
  onClose,
}: {
  view: SuddenDeathView;
  action: SuddenDeathAction;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const store = useStoreCase();
  const [date, setDate] = useState(todayInNetherlands());
  const [count, setCount] = useState<number | string>(view.biopsies?.count ?? '');
  const [text, setText] = useState('');
  const [suspicion, setSuspicion] = useState(false);
  const [note, setNote] = useState('');
  const { error, problems, pending, submit: send } = useFormSubmit();

  const body = (): Record<string, unknown> => {
    switch (action) {
      case 'receive':
        return {
          receivedOn: date,
          ...(view.kind === 'dna-storage' && typeof count === 'number' ? { biopsiesReceived: count } : {}),
          note,
        };
      case 'store':
        return { location: text, note };
      case 'register-family-member':
        return { registeredOn: date, relationship: text, note };
      case 'complete':
        return { cardiogeneticSuspicion: suspicion, note };
      case 'examine':
        return { note };
    }
  };

  const submit = () => {
    const b = body();
    return send(
      () => {
        const check = SuddenDeathStepInputSchemas[action].safeParse(b);
        return check.success
          ? null
          : new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error));
      },
      async () => {
        store(
          await api<SuddenDeathView>(
            `/api/sudden-death/cases/${encodeURIComponent(view.id)}/steps/${action}`,
            {
              body: b,
            },
          ),
        );
        onClose();
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.cancel') }}
      title={t(`suddenDeath.step.${action}`)}
      size="lg"
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="sm">
          {(action === 'receive' || action === 'register-family-member') && (
            <TextInput
              type="date"
              label={t(
                action === 'receive'
                  ? 'suddenDeath.step.receivedOnLabel'
                  : 'suddenDeath.step.registeredOnLabel',
              )}
              withAsterisk
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
              error={problems.get(action === 'receive' ? 'receivedOn' : 'registeredOn')}
            />
          )}
          {action === 'receive' && view.kind === 'dna-storage' && (
            <NumberInput
              label={t('suddenDeath.step.biopsiesReceivedLabel')}
              min={0}
              max={10}
              allowDecimal={false}
              value={count}
              onChange={setCount}
              maw={240}
            />
          )}
          {action === 'store' && (
            <TextInput
              label={t('suddenDeath.step.location')}
              withAsterisk
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={problems.get('location')}
            />
          )}
          {action === 'register-family-member' && (
            <TextInput
              label={t('suddenDeath.step.relationship')}
              description={t('suddenDeath.step.relationshipHint')}
              withAsterisk
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={problems.get('relationship')}
            />
          )}
          {action === 'complete' && (
            <Checkbox
              label={t('suddenDeath.step.suspicionLabel')}
              checked={suspicion}
              onChange={(e) => setSuspicion(e.currentTarget.checked)}
            />
          )}
          <Textarea
            label={t('suddenDeath.fields.note')}
            autosize
            minRows={2}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            error={problems.get('note')}
          />
          <ErrorAlert error={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={pending} data-testid="sd-step-submit">
              {t('suddenDeath.step.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
