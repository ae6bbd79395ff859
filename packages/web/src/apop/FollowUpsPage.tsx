import {
  Anchor,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Radio,
  SegmentedControl,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApopCallOutcomeInputSchema, problemsOf, type ApopCallOutcome } from '@loket/domain';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { formatDate, formatDateTime } from '../referrals/format';
import { ApiError, api } from '../shared/api';
import { useLanguage } from '../shared/i18n';
import { FormattedPhone } from '../shared/FormattedPhone';
import { ErrorAlert } from '../shared/ProblemList';
import { RequireRole } from '../shared/RequireRole';
import { useFollowUps, type ApopFollowUpItem } from './apop.resource';
import { FollowUpBadge, RiskBadge } from './Result';

export function FollowUpsPage() {
  return (
    <RequireRole roles={['er-nurse']}>
      <FollowUps />
    </RequireRole>
  );
}

/** The ER nurses' call list: high-risk patients sent home, the earliest deadline on top (R-APOP-04). */
function FollowUps() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const list = useFollowUps(status);
  const [closing, setClosing] = useState<ApopFollowUpItem | null>(null);
  const items = list.data?.items ?? [];
  const overdue = items.filter((i) => i.status === 'overdue').length;

  return (
    <Stack gap="lg" data-testid="apop-follow-ups-page">
      <Title order={1}>{t('apop.followUps.title')}</Title>
      <Text>{t('apop.followUps.intro')}</Text>
      <SegmentedControl
        aria-label={t('apop.followUps.show')}
        value={status}
        onChange={(v) => setStatus(v === 'closed' ? 'closed' : 'open')}
        data={[
          { value: 'open', label: t('apop.followUps.openTab') },
          { value: 'closed', label: t('apop.followUps.closedTab') },
        ]}
        style={{ alignSelf: 'flex-start' }}
        data-testid="apop-follow-up-tabs"
      />
      {status === 'open' && overdue > 0 && (
        <Text c="red.8" fw={600} role="status">
          {t('apop.followUps.overdueCount', { count: overdue })}
        </Text>
      )}
      {list.isLoading && <Loader aria-label={t('common.loading')} />}
      <ErrorAlert error={list.error} />
      {list.data && items.length === 0 && (
        <Text c="dimmed">
          {status === 'open' ? t('apop.followUps.emptyOpen') : t('apop.followUps.emptyClosed')}
        </Text>
      )}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={820}>
          <Table striped data-testid="apop-follow-up-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{status === 'open' ? t('apop.fields.callBy') : t('apop.fields.closedAt')}</Table.Th>
                <Table.Th>{t('apop.fields.patient')}</Table.Th>
                <Table.Th>{t('apop.fields.phone')}</Table.Th>
                <Table.Th>{t('apop.fields.result')}</Table.Th>
                <Table.Th>{t('apop.fields.dischargedAt')}</Table.Th>
                <Table.Th>
                  {status === 'open' ? t('apop.fields.action') : t('apop.fields.callOutcome')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((i) => (
                <Table.Tr
                  key={i.id}
                  data-testid="apop-follow-up-row"
                  data-status={i.status}
                  data-due={i.dueAt}
                >
                  <Table.Td>
                    <Stack gap={2}>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }} data-testid="apop-call-due">
                        {formatDateTime(status === 'open' ? i.dueAt : i.closedAt, lang)}
                      </Text>
                      <FollowUpBadge status={i.status} />
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/apop/screenings/${i.screeningId}`}>
                      {i.patient.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {formatDate(i.patient.birthDate, lang)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{i.patient.phone ? <FormattedPhone e164={i.patient.phone} /> : '—'}</Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      <RiskBadge risk="high" />
                      <Text size="xs">{t(`apop.outcome.${i.outcome}`)}</Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>{formatDateTime(i.dischargedAt, lang)}</Table.Td>
                  <Table.Td>
                    {status === 'open' ? (
                      <Button size="xs" onClick={() => setClosing(i)} data-testid="apop-call-close">
                        {t('apop.followUp.record')}
                      </Button>
                    ) : (
                      <Stack gap={2}>
                        <Text size="sm">
                          {i.callOutcome ? t(`apop.call.${i.callOutcome}`) : '—'}
                          {i.closedBy ? ` · ${i.closedBy}` : ''}
                        </Text>
                        {i.note && (
                          <Text size="xs" c="dimmed">
                            {i.note}
                          </Text>
                        )}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {closing && <CloseCallDialog item={closing} onClose={() => setClosing(null)} />}
    </Stack>
  );
}

function CloseCallDialog({ item, onClose }: { item: ApopFollowUpItem; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [outcome, setOutcome] = useState<ApopCallOutcome | ''>('');
  const [instructionsRepeated, setInstructionsRepeated] = useState(false);
  const [familyDoctorContacted, setFamilyDoctorContacted] = useState(false);
  const [note, setNote] = useState('');
  const { error, problems, pending, submit: send } = useFormSubmit();

  const submit = () => {
    const body = { outcome, instructionsRepeated, familyDoctorContacted, note };
    return send(
      () => {
        const check = ApopCallOutcomeInputSchema.safeParse(body);
        return check.success
          ? null
          : new ApiError(400, 'invalid-input', t('errors.invalid-input'), problemsOf(check.error));
      },
      async () => {
        await api(`/api/apop/follow-ups/${encodeURIComponent(item.id)}/close`, { body });
        await client.invalidateQueries({ queryKey: ['apop'] });
        onClose();
      },
    );
  };

  return (
    <Modal
      opened
      onClose={onClose}
      closeButtonProps={{ 'aria-label': t('common.cancel') }}
      title={t('apop.followUp.recordTitle', { name: item.patient.name })}
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
          <Text size="sm">{t('apop.followUp.recordIntro')}</Text>
          <Radio.Group
            label={t('apop.call.question')}
            value={outcome}
            onChange={(v) => setOutcome(v as ApopCallOutcome)}
            error={problems.get('outcome')}
            withAsterisk
            data-testid="apop-call-outcome"
          >
            <Group gap="lg" mt={6}>
              <Radio value="reached" label={t('apop.call.reached')} />
              <Radio value="not-reached" label={t('apop.call.not-reached')} />
            </Group>
          </Radio.Group>
          <Checkbox
            label={t('apop.call.instructionsRepeated')}
            checked={instructionsRepeated}
            onChange={(e) => setInstructionsRepeated(e.currentTarget.checked)}
          />
          <Checkbox
            label={t('apop.call.familyDoctorContacted')}
            checked={familyDoctorContacted}
            onChange={(e) => setFamilyDoctorContacted(e.currentTarget.checked)}
          />
          <Textarea
            label={t('apop.call.note')}
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
            <Button type="submit" loading={pending} data-testid="apop-call-submit">
              {t('apop.call.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
