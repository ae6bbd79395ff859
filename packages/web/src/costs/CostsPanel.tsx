import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  AbroadClearanceInputSchema,
  abroadArrangements,
  CoverageInputSchema,
  coverageOutcomes,
  InsuranceInputSchema,
  type AbroadArrangement,
  type CoverageOutcome,
} from '@loket/domain';
import { formatDate, formatDateTime, useDepartmentNames } from '../referrals/format';
import { clientProblems } from '../admin/problems';
import { api, ApiError } from '../shared/api';
import { FormProblems } from '../shared/form/FormProblems';
import { AreaField, ProblemFields, TextField } from '../shared/form/ProblemFields';
import { useFormSubmit } from '../shared/form/useFormSubmit';
import { useLanguage } from '../shared/i18n';
import { ErrorAlert } from '../shared/ProblemList';
import { euro, parseEuro, useCosts, useStoreCosts, type CostsView } from './costs.resource';

/**
 * The costs of a second opinion (R-COST-01 … 04) on its referral page, and on care administration's case page:
 * insurance, what the insurer said, the 12-month flag, the advance, the costs team's clearance and the settlement,
 * each with the form of whoever records it.
 */
export function CostsPanel({ referralId, kind }: { referralId: string; kind?: string }) {
  const secondOpinion = kind === undefined || kind === 'second-opinion';
  const costs = useCosts(referralId, secondOpinion);
  const { t } = useTranslation();
  if (!secondOpinion) return null;
  if (costs.error) return <ErrorAlert error={costs.error} />;
  if (!costs.data) return null;
  return (
    <Box component="section" aria-labelledby="costs-title" data-testid="costs-panel">
      <Title order={2} size="h3" id="costs-title" mb="xs">
        {t('costs.panel.title')}
      </Title>
      <CostsBody view={costs.data} />
    </Box>
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const PREFIX = 'costs';

function By({ recorded }: { recorded: { name: string; role: string | null; at: string } }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  // Who recorded it matters (the patient checks, care administration may too); a name that says it already is enough.
  const role = recorded.role ? t(`costs.role.${recorded.role}`, { defaultValue: recorded.role }) : null;
  return (
    <Text size="xs" c="dimmed">
      {role && !recorded.name.toLowerCase().includes(role.toLowerCase())
        ? t('costs.panel.recordedByRole', {
            name: recorded.name,
            role,
            at: formatDateTime(recorded.at, lang),
          })
        : t('costs.panel.recordedBy', { name: recorded.name, at: formatDateTime(recorded.at, lang) })}
    </Text>
  );
}

function Part({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <Paper withBorder p="sm" data-testid={testId}>
      <Stack gap={6}>
        <Text fw={600}>{title}</Text>
        {children}
      </Stack>
    </Paper>
  );
}

function CostsBody({ view }: { view: CostsView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const departmentName = useDepartmentNames();
  const patientView = view.access.recordCoverage && !view.access.manage;
  const amount = euro(view.advance?.requestedCents ?? view.policy.advanceCents, lang);
  return (
    <Stack gap="sm">
      {view.reminder && (
        <Alert color="blue" title={t('costs.reminder.title')} data-testid="costs-reminder">
          {patientView ? t('costs.reminder.patient') : t('costs.reminder.staff')}
        </Alert>
      )}
      {view.flag && (
        <Alert
          color="yellow"
          title={t('costs.flag.title', { months: view.policy.flagWindowMonths })}
          data-testid="costs-flag"
        >
          <Stack gap={4}>
            <Text size="sm">{t('costs.flag.text')}</Text>
            {view.flag.earlier.map((e, i) => (
              <Text size="sm" key={i}>
                {t('costs.flag.earlier', {
                  date: formatDate(e.receivedOn, lang),
                  department: departmentName(e.departmentId),
                })}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {view.blocks.map((b) => (
        <Alert color="orange" key={b} title={t('costs.block.title')} data-testid="costs-block" data-block={b}>
          {t(`costs.block.${b}`, { amount })}
        </Alert>
      ))}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <Part title={t('costs.insurance.title')} testId="costs-insurance">
          {view.insurance ? (
            <>
              <Text size="sm" data-testid="costs-insurer">
                {view.insurance.insurer} · {t('costs.insurance.policy')} {view.insurance.policyNumber} ·{' '}
                {countryName(view.insurance.country, lang)}
              </Text>
              {view.insurance.abroad && (
                <Badge variant="light" color="orange">
                  {t('costs.insurance.abroad')}
                </Badge>
              )}
              <By recorded={view.insurance.recorded} />
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('costs.insurance.none')}
            </Text>
          )}
          {view.access.recordInsurance && <InsuranceForm view={view} />}
        </Part>
        <Part title={t('costs.coverage.title')} testId="costs-coverage">
          {view.coverage ? (
            <>
              <Badge
                variant="light"
                color={
                  view.coverage.outcome === 'covered'
                    ? 'green'
                    : view.coverage.outcome === 'not-covered'
                      ? 'red'
                      : 'yellow'
                }
                data-testid="costs-coverage-outcome"
                data-outcome={view.coverage.outcome}
              >
                {t(`costs.coverage.outcome.${view.coverage.outcome}`)}
              </Badge>
              <Text size="sm">
                {t('costs.coverage.checkedOn', { date: formatDate(view.coverage.checkedOn, lang) })}
              </Text>
              {view.coverage.note && (
                <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                  {view.coverage.note}
                </Text>
              )}
              <By recorded={view.coverage.recorded} />
            </>
          ) : (
            <Text size="sm" c="dimmed">
              {t('costs.coverage.unknown')}
            </Text>
          )}
          {view.access.recordCoverage && view.insurance && !view.settlement && <CoverageForm view={view} />}
          {view.access.recordCoverage && !view.insurance && (
            <Text size="sm" c="dimmed">
              {t('costs.coverage.insuranceFirst')}
            </Text>
          )}
        </Part>
        {view.advance && (
          <Part title={t('costs.advance.title')} testId="costs-advance">
            <Badge
              variant="light"
              color={view.advance.paid ? 'green' : 'red'}
              data-testid="costs-advance-status"
              data-paid={view.advance.paid ? 'true' : 'false'}
            >
              {view.advance.paid ? t('costs.advance.paid') : t('costs.advance.unpaid')}
            </Badge>
            <Text size="sm">
              {t('costs.advance.requested', { amount: euro(view.advance.requestedCents, lang) })}
            </Text>
            {view.advance.paid ? (
              <>
                <Text size="sm" data-testid="costs-advance-paid">
                  {t('costs.advance.paidText', {
                    amount: euro(view.advance.paid.amountCents, lang),
                    date: formatDate(view.advance.paid.paidOn, lang),
                    reference: view.advance.paid.reference,
                  })}
                </Text>
                <By recorded={view.advance.paid.recorded} />
              </>
            ) : (
              <Text size="sm">
                {patientView ? t('costs.advance.patientText') : t('costs.advance.staffText')}
              </Text>
            )}
            {view.access.manage && !view.advance.paid && <PaymentForm view={view} />}
          </Part>
        )}
        {view.abroad.needed && (
          <Part title={t('costs.abroad.title')} testId="costs-abroad">
            {view.abroad.cleared ? (
              <>
                <Badge variant="light" color="green" data-testid="costs-abroad-status" data-cleared="true">
                  {t('costs.abroad.cleared')}
                </Badge>
                <Text size="sm">{t(`costs.abroad.arrangement.${view.abroad.cleared.arrangement}`)}</Text>
                {view.abroad.cleared.note && <Text size="sm">{view.abroad.cleared.note}</Text>}
                <By recorded={view.abroad.cleared.recorded} />
              </>
            ) : (
              <>
                <Badge variant="light" color="orange" data-testid="costs-abroad-status" data-cleared="false">
                  {t('costs.abroad.notCleared')}
                </Badge>
                <Text size="sm">
                  {patientView ? t('costs.abroad.patientText') : t('costs.abroad.staffText')}
                </Text>
              </>
            )}
            {view.access.manage && !view.abroad.cleared && <AbroadForm view={view} />}
          </Part>
        )}
        {(view.settlement || view.settlementDue) && (
          <Part title={t('costs.settlement.title')} testId="costs-settlement">
            {view.settlement ? (
              <>
                <Text size="sm">
                  {t('costs.settlement.actual', { amount: euro(view.settlement.actualCostCents, lang) })}
                </Text>
                <Text size="sm">
                  {t('costs.settlement.advance', { amount: euro(view.settlement.advanceCents, lang) })}
                </Text>
                <Text size="sm" fw={600} data-testid="costs-balance">
                  {view.settlement.balanceCents > 0
                    ? t('costs.settlement.toPay', { amount: euro(view.settlement.balanceCents, lang) })
                    : view.settlement.balanceCents < 0
                      ? t('costs.settlement.refund', { amount: euro(-view.settlement.balanceCents, lang) })
                      : t('costs.settlement.even')}
                </Text>
                <Text size="sm">
                  {t('costs.settlement.settledOn', { date: formatDate(view.settlement.settledOn, lang) })}
                </Text>
                {view.settlement.note && <Text size="sm">{view.settlement.note}</Text>}
                <By recorded={view.settlement.recorded} />
              </>
            ) : (
              <Text size="sm">{t('costs.settlement.due')}</Text>
            )}
            {view.access.manage && view.settlementDue && <SettlementForm view={view} />}
          </Part>
        )}
      </SimpleGrid>
      {view.access.manage && view.reminder && <ReminderButton view={view} />}
    </Stack>
  );
}

/** Countries offered first; any other two-letter code can still be typed through "other". */
const countries = ['NL', 'BE', 'DE', 'FR', 'LU', 'GB', 'ES', 'IT', 'PL', 'TR', 'MA', 'US'];

function countryName(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang === 'en' ? 'en' : 'nl'], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A form that toggles open, so the panel stays short until someone records something. */
function Toggle({
  label,
  testId,
  children,
}: {
  label: string;
  testId: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  if (!open)
    return (
      <Group>
        <Button size="xs" variant="light" onClick={() => setOpen(true)} data-testid={testId}>
          {label}
        </Button>
      </Group>
    );
  return <>{children(() => setOpen(false))}</>;
}

function InsuranceForm({ view }: { view: CostsView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const store = useStoreCosts();
  const form = useFormSubmit();
  const [insurer, setInsurer] = useState(view.insurance?.insurer ?? '');
  const [policyNumber, setPolicyNumber] = useState(view.insurance?.policyNumber ?? '');
  const [country, setCountry] = useState(view.insurance?.country ?? 'NL');
  const labels = {
    insurer: t('costs.insurance.insurer'),
    policyNumber: t('costs.insurance.policyNumber'),
    country: t('costs.insurance.country'),
  };
  return (
    <Toggle
      label={view.insurance ? t('costs.insurance.change') : t('costs.insurance.record')}
      testId="costs-insurance-open"
    >
      {(close) => (
        <ProblemFields problems={form.problems} prefix={PREFIX}>
          <Stack gap="xs">
            <TextField
              path="insurer"
              label={labels.insurer}
              value={insurer}
              onChange={(v) => {
                setInsurer(v);
                form.touch('insurer');
              }}
              required
              testId="costs-insurer-input"
            />
            <TextField
              path="policyNumber"
              label={labels.policyNumber}
              value={policyNumber}
              onChange={(v) => {
                setPolicyNumber(v);
                form.touch('policyNumber');
              }}
              required
              testId="costs-policy-input"
            />
            <NativeSelect
              label={labels.country}
              value={country}
              onChange={(e) => setCountry(e.currentTarget.value)}
              data={[...new Set([...countries, country])].map((c) => ({
                value: c,
                label: countryName(c, lang),
              }))}
              data-testid="costs-country-input"
            />
            <FormProblems error={form.error} labels={labels} />
            <Group>
              <Button
                size="xs"
                loading={form.pending}
                data-testid="costs-insurance-save"
                onClick={() =>
                  void form.submit(
                    () => {
                      const r = InsuranceInputSchema.safeParse({ insurer, policyNumber, country });
                      return r.success
                        ? null
                        : clientProblems(r.error, 'invalid-input', t('errors.invalid-input'));
                    },
                    async () => {
                      store(
                        await api<CostsView>(`/api/costs/referrals/${view.referralId}/insurance`, {
                          method: 'PUT',
                          body: { insurer, policyNumber, country },
                        }),
                      );
                      close();
                    },
                  )
                }
              >
                {t('costs.save')}
              </Button>
              <Button size="xs" variant="subtle" onClick={close}>
                {t('costs.cancel')}
              </Button>
            </Group>
          </Stack>
        </ProblemFields>
      )}
    </Toggle>
  );
}

function CoverageForm({ view }: { view: CostsView }) {
  const { t } = useTranslation();
  const store = useStoreCosts();
  const form = useFormSubmit();
  const [outcome, setOutcome] = useState<CoverageOutcome | ''>(view.coverage?.outcome ?? '');
  const [checkedOn, setCheckedOn] = useState(view.coverage?.checkedOn ?? today());
  const [note, setNote] = useState(view.coverage?.note ?? '');
  const labels = {
    outcome: t('costs.coverage.outcomeLabel'),
    checkedOn: t('costs.coverage.checkedOnLabel'),
    note: t('costs.coverage.note'),
  };
  const body = { outcome, checkedOn, note };
  return (
    <Toggle
      label={view.coverage ? t('costs.coverage.change') : t('costs.coverage.record')}
      testId="costs-coverage-open"
    >
      {(close) => (
        <ProblemFields problems={form.problems} prefix={PREFIX}>
          <Stack gap="xs">
            <Radio.Group
              label={labels.outcome}
              value={outcome}
              onChange={(v) => setOutcome(v as CoverageOutcome)}
              withAsterisk
            >
              <Stack gap={4} mt={4}>
                {coverageOutcomes.map((o) => (
                  <Radio key={o} value={o} label={t(`costs.coverage.outcome.${o}`)} />
                ))}
              </Stack>
            </Radio.Group>
            {outcome === 'not-covered' && !view.advance && (
              <Text size="sm" c="dimmed">
                {t('costs.coverage.advanceHint', { amount: euro(view.policy.advanceCents, 'nl') })}
              </Text>
            )}
            <TextField
              path="checkedOn"
              type="date"
              label={labels.checkedOn}
              value={checkedOn}
              onChange={setCheckedOn}
              required
              testId="costs-checked-on"
            />
            <AreaField
              path="note"
              label={labels.note}
              value={note}
              onChange={setNote}
              minRows={2}
              testId="costs-coverage-note"
            />
            <FormProblems error={form.error} labels={labels} />
            <Group>
              <Button
                size="xs"
                loading={form.pending}
                data-testid="costs-coverage-save"
                onClick={() =>
                  void form.submit(
                    () => {
                      const r = CoverageInputSchema.safeParse(body);
                      return r.success
                        ? null
                        : clientProblems(r.error, 'invalid-input', t('errors.invalid-input'));
                    },
                    async () => {
                      store(
                        await api<CostsView>(`/api/costs/referrals/${view.referralId}/coverage`, {
                          method: 'PUT',
                          body,
                        }),
                      );
                      close();
                    },
                  )
                }
              >
                {t('costs.save')}
              </Button>
              <Button size="xs" variant="subtle" onClick={close}>
                {t('costs.cancel')}
              </Button>
            </Group>
          </Stack>
        </ProblemFields>
      )}
    </Toggle>
  );
}

/** A refusal of an amount the form itself found, worded like the server's. */
function amountProblem(path: string, message: string, invalid: string) {
  return new ApiError(400, 'invalid-input', invalid, [{ path, message }]);
}

function PaymentForm({ view }: { view: CostsView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const store = useStoreCosts();
  const form = useFormSubmit();
  const requested = view.advance!.requestedCents;
  const [amount, setAmount] = useState((requested / 100).toFixed(2).replace('.', lang === 'en' ? '.' : ','));
  const [paidOn, setPaidOn] = useState(today());
  const [reference, setReference] = useState('');
  const labels = {
    amountCents: t('costs.advance.amount'),
    paidOn: t('costs.advance.paidOn'),
    reference: t('costs.advance.reference'),
  };
  return (
    <Toggle label={t('costs.advance.record')} testId="costs-payment-open">
      {(close) => (
        <ProblemFields problems={form.problems} prefix={PREFIX}>
          <Stack gap="xs">
            <TextField
              path="amountCents"
              label={labels.amountCents}
              value={amount}
              onChange={(v) => {
                setAmount(v);
                form.touch('amountCents');
              }}
              required
              testId="costs-payment-amount"
              description={t('costs.amountHint')}
            />
            <TextField
              path="paidOn"
              type="date"
              label={labels.paidOn}
              value={paidOn}
              onChange={setPaidOn}
              required
              testId="costs-payment-date"
            />
            <TextField
              path="reference"
              label={labels.reference}
              value={reference}
              onChange={(v) => {
                setReference(v);
                form.touch('reference');
              }}
              required
              testId="costs-payment-reference"
            />
            <FormProblems error={form.error} labels={labels} />
            <Group>
              <Button
                size="xs"
                loading={form.pending}
                data-testid="costs-payment-save"
                onClick={() =>
                  void form.submit(
                    () =>
                      parseEuro(amount) === null
                        ? amountProblem('amountCents', t('costs.amountHint'), t('errors.invalid-input'))
                        : null,
                    async () => {
                      store(
                        await api<CostsView>(`/api/costs/referrals/${view.referralId}/advance-payment`, {
                          body: { amountCents: parseEuro(amount), paidOn, reference },
                        }),
                      );
                      close();
                    },
                  )
                }
              >
                {t('costs.save')}
              </Button>
              <Button size="xs" variant="subtle" onClick={close}>
                {t('costs.cancel')}
              </Button>
            </Group>
          </Stack>
        </ProblemFields>
      )}
    </Toggle>
  );
}

function AbroadForm({ view }: { view: CostsView }) {
  const { t } = useTranslation();
  const store = useStoreCosts();
  const form = useFormSubmit();
  const [arrangement, setArrangement] = useState<AbroadArrangement | ''>('');
  const [note, setNote] = useState('');
  const labels = { arrangement: t('costs.abroad.arrangementLabel'), note: t('costs.abroad.note') };
  const body = { arrangement, note };
  return (
    <Toggle label={t('costs.abroad.record')} testId="costs-abroad-open">
      {(close) => (
        <ProblemFields problems={form.problems} prefix={PREFIX}>
          <Stack gap="xs">
            <Radio.Group
              label={labels.arrangement}
              value={arrangement}
              onChange={(v) => setArrangement(v as AbroadArrangement)}
              withAsterisk
            >
              <Stack gap={4} mt={4}>
                {abroadArrangements.map((a) => (
                  <Radio key={a} value={a} label={t(`costs.abroad.arrangement.${a}`)} />
                ))}
              </Stack>
            </Radio.Group>
            <AreaField
              path="note"
              label={labels.note}
              value={note}
              onChange={setNote}
              minRows={2}
              testId="costs-abroad-note"
            />
            <FormProblems error={form.error} labels={labels} />
            <Group>
              <Button
                size="xs"
                loading={form.pending}
                data-testid="costs-abroad-save"
                onClick={() =>
                  void form.submit(
                    () => {
                      const r = AbroadClearanceInputSchema.safeParse(body);
                      return r.success
                        ? null
                        : clientProblems(r.error, 'invalid-input', t('errors.invalid-input'));
                    },
                    async () => {
                      store(
                        await api<CostsView>(`/api/costs/referrals/${view.referralId}/abroad-clearance`, {
                          body,
                        }),
                      );
                      close();
                    },
                  )
                }
              >
                {t('costs.save')}
              </Button>
              <Button size="xs" variant="subtle" onClick={close}>
                {t('costs.cancel')}
              </Button>
            </Group>
          </Stack>
        </ProblemFields>
      )}
    </Toggle>
  );
}

function SettlementForm({ view }: { view: CostsView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const store = useStoreCosts();
  const form = useFormSubmit();
  const [cost, setCost] = useState('');
  const [settledOn, setSettledOn] = useState(today());
  const [note, setNote] = useState('');
  const labels = {
    actualCostCents: t('costs.settlement.actualLabel'),
    settledOn: t('costs.settlement.settledOnLabel'),
    note: t('costs.settlement.note'),
  };
  const cents = parseEuro(cost);
  const paid = view.advance?.paid?.amountCents ?? 0;
  return (
    <Toggle label={t('costs.settlement.record')} testId="costs-settlement-open">
      {(close) => (
        <ProblemFields problems={form.problems} prefix={PREFIX}>
          <Stack gap="xs">
            <TextField
              path="actualCostCents"
              label={labels.actualCostCents}
              value={cost}
              onChange={(v) => {
                setCost(v);
                form.touch('actualCostCents');
              }}
              required
              testId="costs-settlement-cost"
              description={t('costs.amountHint')}
            />
            {cents !== null && (
              <Text size="sm" data-testid="costs-settlement-preview">
                {cents - paid >= 0
                  ? t('costs.settlement.toPay', { amount: euro(cents - paid, lang) })
                  : t('costs.settlement.refund', { amount: euro(paid - cents, lang) })}
              </Text>
            )}
            <TextField
              path="settledOn"
              type="date"
              label={labels.settledOn}
              value={settledOn}
              onChange={setSettledOn}
              required
              testId="costs-settlement-date"
            />
            <AreaField
              path="note"
              label={labels.note}
              value={note}
              onChange={setNote}
              minRows={2}
              testId="costs-settlement-note"
            />
            <FormProblems error={form.error} labels={labels} />
            <Group>
              <Button
                size="xs"
                loading={form.pending}
                data-testid="costs-settlement-save"
                onClick={() =>
                  void form.submit(
                    () =>
                      cents === null
                        ? amountProblem('actualCostCents', t('costs.amountHint'), t('errors.invalid-input'))
                        : null,
                    async () => {
                      store(
                        await api<CostsView>(`/api/costs/referrals/${view.referralId}/settlement`, {
                          body: { actualCostCents: cents, settledOn, note },
                        }),
                      );
                      close();
                    },
                  )
                }
              >
                {t('costs.save')}
              </Button>
              <Button size="xs" variant="subtle" onClick={close}>
                {t('costs.cancel')}
              </Button>
            </Group>
          </Stack>
        </ProblemFields>
      )}
    </Toggle>
  );
}

function ReminderButton({ view }: { view: CostsView }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const store = useStoreCosts();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  return (
    <Stack gap={4}>
      <Group>
        <Button
          size="xs"
          variant="light"
          loading={pending}
          data-testid="costs-remind"
          onClick={async () => {
            setPending(true);
            setError(null);
            try {
              store(await api<CostsView>(`/api/costs/referrals/${view.referralId}/reminder`, { body: {} }));
            } catch (e) {
              setError(e);
            } finally {
              setPending(false);
            }
          }}
        >
          {t('costs.reminder.send')}
        </Button>
        {view.lastReminderAt && (
          <Text size="xs" c="dimmed">
            {t('costs.reminder.last', { at: formatDateTime(view.lastReminderAt, lang) })}
          </Text>
        )}
      </Group>
      <ErrorAlert error={error} />
    </Stack>
  );
}
