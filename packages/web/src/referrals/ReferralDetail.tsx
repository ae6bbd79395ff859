import {
  Alert,
  Anchor,
  Badge,
  Box,
  Grid,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { formatPhoneNational, isClosed, type LetterItem } from '@loket/domain';
import { useCatalog } from '../referral-guide/catalog.resource';
import { useLanguage } from '../shared/i18n';
import { LText } from '../shared/LocalizedText';
import { ActionBar, ClaimButton } from './Actions';
import { DueStatus, MessageStatusBadge, StateBadge, UrgencyBadge } from './badges';
import { DocumentList, DocumentUploader } from './Documents';
import { formatDate, formatDateTime, useDepartmentNames } from './format';
import { referralKeys, type DeadlineInfo, type ReferralView } from './referrals.resource';
import { SupplementForm } from './SupplementForm';
import { Timeline } from './Timeline';
import { UrgentRouteAlert } from './UrgentRoute';
import { QuickDiagnosisPanel } from '../quick-diagnosis/QuickDiagnosisPanel';
import { SecondOpinionPanel } from '../second-opinions/SecondOpinionPanel';
import { LetterChannelBadge } from '../gp-registry/LetterChannelBadge';
import { ConsentPanel, WaitingForConsentBadge } from '../consent/ConsentPanel';
import { TakeoverPanel } from '../takeover/TakeoverPanel';
import { CostsPanel } from '../costs/CostsPanel';

function Section({
  id,
  title,
  children,
  testId,
}: {
  id: string;
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Box component="section" aria-labelledby={id} data-testid={testId}>
      <Title order={2} size="h3" id={id} mb="xs">
        {title}
      </Title>
      {children}
    </Box>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function Deadline({ label, info, testId }: { label: string; info: DeadlineInfo; testId: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (!info.due) return null;
  const d = info.deadline;
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      <DueStatus due={info.due} status={info.status} />
      {d && (
        <Text size="xs" c="dimmed" mt={4}>
          {d.override
            ? t('referrals.deadline.override', { by: d.override.by, reason: d.override.reason })
            : d.workingDays !== null
              ? t('referrals.deadline.policy', { days: d.workingDays, from: formatDate(d.from, lang) })
              : null}
        </Text>
      )}
    </Paper>
  );
}

/** A referral as the viewer may see it: where it stands, what is asked, what was decided, and every step. */
export function ReferralDetail({ view }: { view: ReferralView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const location = useLocation();
  const client = useQueryClient();
  const catalog = useCatalog();
  const departmentName = useDepartmentNames();
  const department = catalog.data?.departments.find((d) => d.id === view.departmentId);
  const navigate = useNavigate();
  const stateNotice = (location.state as { notice?: string } | null)?.notice ?? null;
  // Shown once: the notice is taken from the navigation and removed from history, so a reload does not repeat it.
  // (The navigation may arrive a render after the referral itself, so the notice is picked up when it comes.)
  const [notice, setNotice] = useState(stateNotice);
  if (stateNotice && stateNotice !== notice) setNotice(stateNotice);
  useEffect(() => {
    if (stateNotice) navigate(location.pathname, { replace: true, state: null });
  }, [stateNotice, location.pathname, navigate]);
  const staff = view.viewer === 'staff';
  const closed = isClosed(view.state);
  const p = view.patient ?? {};
  const patientName = [p.givenName, p.familyName].filter(Boolean).join(' ');
  const letterLabel = (item: LetterItem) => {
    const req = department?.letter.find((l) => l.item === item);
    return req ? <LText text={req.text} /> : t(`referrals.letterItem.${item}`, { defaultValue: item });
  };
  const decision = view.decision;
  const letterEntries = Object.entries(view.letter ?? {}).filter(([, v]) => v) as [LetterItem, string][];

  return (
    <Stack gap="lg" data-testid="referral-page">
      <Anchor component={Link} to={staff ? '/worklist' : '/referrals'} size="sm">
        ← {staff ? t('worklist.title') : t('referrals.list.title')}
      </Anchor>
      <Stack gap={6}>
        <Group gap="sm" align="center">
          <Title order={1}>{t('referrals.detail.title', { reference: view.reference })}</Title>
          <StateBadge state={view.state} testId="referral-state" />
          <UrgencyBadge urgency={view.urgency ?? view.urgencyRequested} />
        </Group>
        <Text>
          {t(`referrals.kind.${view.kind}`)} · {departmentName(view.departmentId)}
          {patientName && ` · ${patientName}`}
          {p.birthDate && ` (${formatDate(p.birthDate, lang)})`}
        </Text>
        <Text size="sm" c="dimmed">
          {view.submittedAt
            ? t('referrals.detail.submittedAt', { date: formatDateTime(view.submittedAt, lang) })
            : t('referrals.detail.notSubmitted')}
          {' · '}
          {t('referrals.fields.channel')}:{' '}
          <span data-testid="referral-channel">{t(`referrals.channel.${view.channel}`)}</span>
          {view.referrer.name && ` · ${t('referrals.fields.referrer')}: ${view.referrer.name}`}
        </Text>
        <ClaimButton view={view} />
      </Stack>

      {notice === 'sent' && (
        <Alert color="green" role="status" data-testid="sent-notice">
          {t('referrals.detail.sent', { reference: view.reference })}
        </Alert>
      )}
      {view.urgentRoute && <UrgentRouteAlert route={view.urgentRoute} />}
      {staff && view.duplicateOf && (
        <Alert color="orange" title={t('referrals.detail.duplicateTitle')} data-testid="duplicate-warning">
          {t('referrals.detail.duplicateText')}{' '}
          <Anchor component={Link} to={`/referrals/${view.duplicateOf.id}`}>
            {view.duplicateOf.reference}
          </Anchor>
        </Alert>
      )}

      <ActionBar view={view} />

      <Grid gap="xl">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="lg">
            {(view.triage.due || view.seenWithin.due) && (
              <Section id="deadlines" title={t('referrals.detail.deadlines')}>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Deadline
                    label={t('referrals.deadline.triage')}
                    info={view.triage}
                    testId="deadline-triage"
                  />
                  <Deadline
                    label={t('referrals.deadline.seenWithin')}
                    info={view.seenWithin}
                    testId="deadline-seen-within"
                  />
                </SimpleGrid>
              </Section>
            )}

            <QuickDiagnosisPanel view={view} />
            <SecondOpinionPanel view={view} />
            <ConsentPanel view={view} />
            <TakeoverPanel view={view} />
            <CostsPanel referralId={view.id} kind={view.kind} />

            {view.missingRequested && view.state === 'awaiting-information' && (
              <Section id="requested" title={t('referrals.detail.requested')} testId="missing-requested">
                <Stack gap="sm">
                  <List size="sm">
                    {view.missingRequested.missing.map((m, i) => (
                      <List.Item key={i} data-testid="requested-item">
                        {m}
                      </List.Item>
                    ))}
                  </List>
                  {view.missingRequested.message && (
                    <Text size="sm" style={{ whiteSpace: 'pre-line' }} data-testid="requested-message">
                      {view.missingRequested.message}
                    </Text>
                  )}
                  {view.availableActions.includes('supplement') && <SupplementForm view={view} />}
                </Stack>
              </Section>
            )}

            {view.appointment && (
              <Section id="appointment" title={t('referrals.detail.appointment')} testId="appointment">
                <Paper withBorder p="sm">
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <Field label={t('referrals.fields.when')}>
                      <time dateTime={view.appointment.start}>
                        {formatDateTime(view.appointment.start, lang)}
                      </time>
                    </Field>
                    {view.appointment.location && (
                      <Field label={t('referrals.fields.location')}>{view.appointment.location}</Field>
                    )}
                    {view.appointment.videoLink && (
                      <Field label={t('referrals.fields.videoLink')}>
                        <Anchor href={view.appointment.videoLink} target="_blank" rel="noreferrer">
                          {view.appointment.videoLink}
                        </Anchor>
                      </Field>
                    )}
                    {view.appointment.notes && (
                      <Field label={t('referrals.fields.notes')}>{view.appointment.notes}</Field>
                    )}
                  </SimpleGrid>
                  {view.appointment.noShow && (
                    <Badge color="orange" variant="light" mt="xs">
                      {t('referrals.detail.noShow')}
                    </Badge>
                  )}
                </Paper>
              </Section>
            )}

            {decision && (decision.kind || decision.feedback) && (
              <Section id="decision" title={t('referrals.detail.decision')} testId="decision">
                <Paper withBorder p="sm">
                  <Stack gap="xs">
                    {decision.kind === 'accepted' && (
                      <>
                        <Text fw={600}>
                          {t('referrals.detail.acceptedBy', {
                            name: decision.by ?? '',
                            date: formatDateTime(decision.at, lang),
                          })}
                        </Text>
                        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                          <Field label={t('referrals.fields.urgency')}>
                            {decision.urgency ? t(`referrals.urgency.${decision.urgency}`) : '—'}
                          </Field>
                          <Field label={t('referrals.fields.specialists')}>
                            {view.assignedSpecialists.map((s) => s.name).join(', ') || '—'}
                          </Field>
                          {view.seenWithin.due && (
                            <Field label={t('referrals.fields.seenWithin')}>
                              {formatDate(view.seenWithin.due, lang)}
                            </Field>
                          )}
                        </SimpleGrid>
                        {decision.note && <Text size="sm">{decision.note}</Text>}
                      </>
                    )}
                    {decision.kind === 'rejected' && (
                      <>
                        <Text fw={600}>
                          {t('referrals.detail.rejectedBy', {
                            name: decision.by ?? '',
                            date: formatDateTime(decision.at, lang),
                          })}
                        </Text>
                        <Field label={t('referrals.fields.reason')}>
                          <span data-testid="decision-reason">
                            {decision.reasonCode ? t(`referrals.rejection.${decision.reasonCode}`) : '—'}
                          </span>
                        </Field>
                        {decision.explanation && (
                          <Field label={t('referrals.actions.explanation')}>
                            <span style={{ whiteSpace: 'pre-line' }} data-testid="decision-explanation">
                              {decision.explanation}
                            </span>
                          </Field>
                        )}
                        {decision.redirect && (
                          <Field label={t('referrals.fields.redirect')}>
                            <span data-testid="decision-redirect">{decision.redirect}</span>
                          </Field>
                        )}
                      </>
                    )}
                    {decision.feedback && (
                      <>
                        <Field label={t('referrals.detail.feedback')}>
                          <span style={{ whiteSpace: 'pre-line' }}>{decision.feedback}</span>
                        </Field>
                        {typeof decision.endOfTreatment === 'boolean' && (
                          <Text size="sm" data-testid="decision-end-of-treatment">
                            {decision.endOfTreatment
                              ? t('referrals.timeline.endOfTreatment')
                              : t('referrals.timeline.notEnd')}
                          </Text>
                        )}
                      </>
                    )}
                  </Stack>
                </Paper>
              </Section>
            )}

            {view.state === 'cancelled' && (
              <Alert color="gray" title={t('referrals.detail.cancelled')} data-testid="closed-reason">
                {view.mergedInto ? (
                  <Anchor component={Link} to={`/referrals/${view.mergedInto}`}>
                    {view.closedReason ?? t('referrals.detail.mergedInto')}
                  </Anchor>
                ) : (
                  view.closedReason
                )}
              </Alert>
            )}

            {view.evaluation && !closed && view.state !== 'draft' && (
              <Section id="completeness" title={t('referrals.detail.completeness')}>
                {view.evaluation.missing.length === 0 ? (
                  <Text size="sm" fw={600}>
                    {t('referrals.panel.complete')}
                  </Text>
                ) : (
                  <List size="sm">
                    {view.evaluation.missing.map((m) => (
                      <List.Item key={m.key} data-testid="missing-item" data-key={m.key}>
                        <LText text={m.text} />
                      </List.Item>
                    ))}
                  </List>
                )}
              </Section>
            )}

            {view.viewer !== 'patient' && (
              <Section id="content" title={t('referrals.detail.content')}>
                <Stack gap="sm">
                  <Paper withBorder p="sm">
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                      <Field label={t('referrals.fields.patient')}>{patientName || '—'}</Field>
                      <Field label={t('referrals.form.birthDate')}>
                        {formatDate(p.birthDate, lang) || '—'}
                      </Field>
                      <Field label={t('referrals.form.bsn')}>
                        {p.bsn ?? (p.noBsnReason ? `${t('referrals.form.noBsn')}: ${p.noBsnReason}` : '—')}
                      </Field>
                      <Field label={t('referrals.detail.address')}>
                        {[
                          [p.street, p.houseNumber].filter(Boolean).join(' '),
                          [p.postcode, p.city].filter(Boolean).join(' '),
                          p.country && p.country !== 'NL' ? p.country : null,
                        ]
                          .filter(Boolean)
                          .join(', ') || '—'}
                      </Field>
                      <Field label={t('referrals.form.phone')}>
                        {p.phone ? formatPhoneNational(p.phone) : '—'}
                      </Field>
                      <Field label={t('referrals.form.email')}>{p.email ?? '—'}</Field>
                      <Field label={t('referrals.form.familyDoctor')}>
                        {[
                          p.familyDoctorName,
                          p.familyDoctorAgb && `AGB ${p.familyDoctorAgb}`,
                          p.familyDoctorEmail,
                        ]
                          .filter(Boolean)
                          .join(' · ') || '—'}
                      </Field>
                      <Field label={t('referrals.fields.referrer')}>
                        {[
                          view.referrer.name,
                          view.referrer.agbCode && `AGB ${view.referrer.agbCode}`,
                          view.referrer.specialism,
                        ]
                          .filter(Boolean)
                          .join(' · ') || '—'}
                      </Field>
                    </SimpleGrid>
                  </Paper>
                  {letterEntries.length > 0 && (
                    <Paper withBorder p="sm" data-testid="letter-content">
                      <Stack gap="xs">
                        {letterEntries.map(([item, text]) => (
                          <div key={item}>
                            <Text size="xs" c="dimmed" fw={600}>
                              {letterLabel(item)}
                            </Text>
                            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                              {text}
                            </Text>
                          </div>
                        ))}
                      </Stack>
                    </Paper>
                  )}
                </Stack>
              </Section>
            )}

            {view.viewer !== 'patient' && (
              <Section id="documents" title={t('referrals.detail.documents')}>
                <Stack gap="sm">
                  <DocumentList referralId={view.id} documents={view.documents} />
                  {staff && !closed && (
                    <DocumentUploader
                      ensureReferral={async () => view.id}
                      onUploaded={() =>
                        void client.invalidateQueries({ queryKey: referralKeys.one(view.id) })
                      }
                      label={t('referrals.documents.add')}
                      askLanguage={view.kind === 'second-opinion'}
                    />
                  )}
                </Stack>
              </Section>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="lg">
            <Timeline events={view.timeline} />
            <Section id="letters" title={t('referrals.detail.letters')}>
              {view.letters.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('referrals.letters.none')}
                </Text>
              ) : (
                <Table data-testid="letter-list">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('referrals.letters.letter')}</Table.Th>
                      <Table.Th>{t('referrals.letters.recipient')}</Table.Th>
                      <Table.Th>{t('referrals.letters.date')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {view.letters.map((l) => (
                      <Table.Tr key={l.id} data-testid="letter-row" data-type={l.type}>
                        <Table.Td>
                          <Anchor
                            href={`/api/referrals/${encodeURIComponent(view.id)}/letters/${encodeURIComponent(l.id)}`}
                            target="_blank"
                            rel="noreferrer"
                          >
                            {t(`referrals.letterType.${l.type}`, { defaultValue: l.type })} (PDF)
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          {l.recipientName ?? '—'}
                          <Text size="xs" c="dimmed">
                            {t(`referrals.letters.role.${l.recipientRole}`, {
                              defaultValue: l.recipientRole,
                            })}
                          </Text>
                          <LetterChannelBadge channel={l.channel} />
                          <WaitingForConsentBadge since={l.waitingForConsentSince} />
                        </Table.Td>
                        <Table.Td>{formatDateTime(l.createdAt, lang)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
              {view.messages.length > 0 && (
                <>
                  <Title order={3} size="h5" mt="md" mb="xs">
                    {t('referrals.message.title')}
                  </Title>
                  <Stack gap="xs" data-testid="message-list">
                    {view.messages.map((m) => (
                      <Paper key={m.id} withBorder p="xs" data-testid="message-row" data-status={m.status}>
                        <Group justify="space-between" gap="xs">
                          <Text size="sm" fw={600}>
                            {m.subject}
                          </Text>
                          <MessageStatusBadge status={m.status} />
                        </Group>
                        <Text size="xs">
                          {t('referrals.message.to', { recipient: m.recipient })}
                          {' · '}
                          {m.status === 'sent' && m.sentAt
                            ? t('referrals.message.sentAt', { date: formatDateTime(m.sentAt, lang) })
                            : m.status === 'dead'
                              ? t('referrals.message.undeliverable', { count: m.attempts })
                              : m.nextAttemptAt
                                ? t('referrals.message.nextAttempt', {
                                    date: formatDateTime(m.nextAttemptAt, lang),
                                    count: m.attempts,
                                  })
                                : t('referrals.message.attempts', { count: m.attempts })}
                        </Text>
                        {m.lastError && m.status !== 'sent' && (
                          <Text size="xs" c="red.9">
                            {m.lastError}
                          </Text>
                        )}
                      </Paper>
                    ))}
                  </Stack>
                </>
              )}
            </Section>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
