import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Radio,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { TakeoverChoice } from '@loket/domain';
import { formatDateTime } from '../referrals/format';
import { referralKeys, type ReferralView } from '../referrals/referrals.resource';
import { api } from '../shared/api';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';

/** The JSON of GET /api/referrals/:id/takeover (packages/server/src/takeover/service.ts). */
interface Period {
  name: string;
  organisation: string;
  kind: 'external' | 'hospital';
  since: string;
  until: string | null;
}
export type TakeoverView =
  | { applicable: false }
  | {
      applicable: true;
      kind: string;
      mainPractitioner: Period | null;
      history: Period[];
      responsible: 'current-hospital' | 'this-hospital';
      takeover: {
        referralId: string;
        reference: string;
        state: string;
        requestedByName: string | null;
        requestedAs: string;
        requestedAt: string | null;
        choice: TakeoverChoice | null;
        choiceRecordedByName: string | null;
        choiceRecordedAt: string | null;
        confirmedAt: string | null;
        confirmedByName: string | null;
      } | null;
      secondOpinion: { referralId: string; reference: string } | null;
      can: { request: boolean; choose: boolean; confirm: boolean };
      specialists: { id: string; name: string }[];
    };

const takeoverKey = (id: string) => ['takeover', id] as const;

/**
 * On a second-opinion or takeover referral: who is main practitioner now (R-TO-02), who is responsible for care,
 * the link between the two requests, and the takeover steps (request, the patient's choice, confirmation).
 */
export function TakeoverPanel({ view }: { view: ReferralView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const client = useQueryClient();
  const relevant = view.kind === 'second-opinion' || view.kind === 'takeover';
  const q = useQuery({
    queryKey: takeoverKey(view.id),
    queryFn: () => api<TakeoverView>(`/api/referrals/${encodeURIComponent(view.id)}/takeover`),
    enabled: relevant,
  });
  const { error, pending, submit } = useFormSubmit();
  const [choice, setChoice] = useState<TakeoverChoice | ''>('');
  const [specialistId, setSpecialistId] = useState('');
  if (!relevant || !q.data || !q.data.applicable) return null;
  const v = q.data;
  const tk = v.takeover;

  const refresh = async (ids: string[]) => {
    await Promise.all(
      ids.flatMap((id) => [
        client.invalidateQueries({ queryKey: takeoverKey(id) }),
        client.invalidateQueries({ queryKey: referralKeys.one(id) }),
      ]),
    );
  };
  const linkedIds = [view.id, tk?.referralId, v.secondOpinion?.referralId].filter((x): x is string => !!x);
  const post = (path: string, body: object) =>
    submit(
      () => null,
      async () => {
        const answer = await api<TakeoverView>(path, { body });
        const ids =
          answer.applicable && answer.takeover ? [...linkedIds, answer.takeover.referralId] : linkedIds;
        await refresh(ids);
      },
    );

  const mp = v.mainPractitioner;
  return (
    <Paper withBorder p="md" id="takeover" data-testid="takeover-panel">
      <Stack gap="sm">
        <Title order={3} size="h4">
          {t('takeover.panel.title')}
        </Title>
        <Group gap="xs" data-testid="main-practitioner">
          <Text size="sm" fw={600}>
            {t('takeover.panel.mainPractitioner')}:
          </Text>
          {mp ? (
            <Text size="sm" data-testid="main-practitioner-name">
              {mp.name} ({mp.organisation})
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              {t('takeover.panel.unknown')}
            </Text>
          )}
          {mp && (
            <Badge color={mp.kind === 'hospital' ? 'teal' : 'gray'} variant="light">
              {t(`takeover.kind.${mp.kind}`)}
            </Badge>
          )}
        </Group>
        {v.responsible === 'current-hospital' ? (
          <Alert color="yellow" data-testid="responsibility" data-responsible="current-hospital">
            {t('takeover.panel.currentResponsible')}
          </Alert>
        ) : (
          <Alert color="teal" data-testid="responsibility" data-responsible="this-hospital">
            {t('takeover.panel.thisResponsible', { date: formatDateTime(tk?.confirmedAt ?? null, lang) })}
          </Alert>
        )}

        {v.history.length > 1 && (
          <Table withTableBorder fz="sm" data-testid="main-practitioner-history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('takeover.panel.who')}</Table.Th>
                <Table.Th>{t('takeover.panel.since')}</Table.Th>
                <Table.Th>{t('takeover.panel.until')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.history.map((p, i) => (
                <Table.Tr key={i}>
                  <Table.Td>
                    {p.name} ({p.organisation})
                  </Table.Td>
                  <Table.Td>{formatDateTime(p.since, lang)}</Table.Td>
                  <Table.Td>{p.until ? formatDateTime(p.until, lang) : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}

        {v.secondOpinion && (
          <Text size="sm" data-testid="takeover-second-opinion-link">
            {t('takeover.panel.fromSecondOpinion')}{' '}
            <Anchor component={Link} to={`/referrals/${v.secondOpinion.referralId}`}>
              {v.secondOpinion.reference}
            </Anchor>
          </Text>
        )}
        {tk && v.kind === 'second-opinion' && (
          <Text size="sm" data-testid="takeover-link">
            {t('takeover.panel.takeoverRequested', {
              name: tk.requestedByName ?? '',
              date: formatDateTime(tk.requestedAt, lang),
            })}{' '}
            <Anchor component={Link} to={`/referrals/${tk.referralId}`}>
              {tk.reference}
            </Anchor>
          </Text>
        )}
        {tk && (
          <Text size="sm" data-testid="takeover-choice">
            {tk.choice
              ? t(`takeover.choice.recorded.${tk.choice}`, {
                  name: tk.choiceRecordedByName ?? '',
                  date: formatDateTime(tk.choiceRecordedAt, lang),
                })
              : t('takeover.choice.none')}
          </Text>
        )}
        {tk?.confirmedAt && (
          <Text size="sm" data-testid="takeover-confirmed">
            {t('takeover.panel.confirmed', {
              name: tk.confirmedByName ?? '',
              date: formatDateTime(tk.confirmedAt, lang),
            })}
          </Text>
        )}

        <ErrorAlert error={error} />

        {v.can.request && (
          <Group>
            <Button
              variant="light"
              loading={pending}
              onClick={() => void post(`/api/referrals/${encodeURIComponent(view.id)}/takeover`, {})}
              data-testid="request-takeover"
            >
              {t('takeover.action.request')}
            </Button>
            <Text size="xs" c="dimmed">
              {t('takeover.action.requestHelp')}
            </Text>
          </Group>
        )}

        {tk && v.can.choose && (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (choice)
                void post(`/api/referrals/${encodeURIComponent(tk.referralId)}/takeover/choice`, { choice });
            }}
          >
            <Stack gap="xs">
              <Radio.Group
                label={t('takeover.choice.label')}
                value={choice}
                onChange={(x) => setChoice(x as TakeoverChoice)}
              >
                <Stack gap={4} mt={4}>
                  <Radio
                    value="this-hospital"
                    label={t('takeover.choice.this-hospital')}
                    data-testid="choice-this"
                  />
                  <Radio
                    value="current-hospital"
                    label={t('takeover.choice.current-hospital')}
                    data-testid="choice-current"
                  />
                </Stack>
              </Radio.Group>
              <Group>
                <Button
                  type="submit"
                  variant="light"
                  disabled={!choice}
                  loading={pending}
                  data-testid="record-choice"
                >
                  {t('takeover.choice.save')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}

        {tk && v.can.confirm && (
          <Group align="end">
            {v.specialists.length > 0 && (
              <NativeSelect
                label={t('takeover.confirm.specialist')}
                value={specialistId}
                onChange={(e) => setSpecialistId(e.currentTarget.value)}
                data={[
                  { value: '', label: t('takeover.confirm.self') },
                  ...v.specialists.map((s) => ({ value: s.id, label: s.name })),
                ]}
                data-testid="confirm-specialist"
              />
            )}
            <Button
              color="teal"
              loading={pending}
              onClick={() =>
                void post(`/api/referrals/${encodeURIComponent(tk.referralId)}/takeover/confirm`, {
                  specialistId: specialistId || null,
                })
              }
              data-testid="confirm-takeover"
            >
              {t('takeover.confirm.button')}
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
