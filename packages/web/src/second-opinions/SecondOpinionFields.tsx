import {
  Alert,
  Checkbox,
  Fieldset,
  NativeSelect,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  familyDoctorRouteFlag,
  secondOpinionRoutes,
  type ReferrerKind,
  type SecondOpinionRequestInput,
  type SecondOpinionRoute,
} from '@loket/domain';
import { LText } from '../shared/LocalizedText';
import { useContext } from 'react';
import { CancerKindSelect, type TumourTypeOption } from './CancerKindSelect';
import { ProblemsContext } from '../admin/problems';

/** What the referral form holds for a second opinion while someone types. */
export interface SecondOpinionForm {
  question: string;
  route: SecondOpinionRoute;
  specialistName: string;
  specialistOrganisation: string;
  specialistEmail: string;
  treatedAbroad: boolean;
  imagingDone: boolean;
  patientConsulted: boolean;
  /** A tumour type id from the hospital's list, or '' (R-SO-09). */
  cancerKind: string;
}

/** The route follows from who asks (R-SO-02); only a doctor without an AGB code (abroad) says which. */
export function routeFor(kind: ReferrerKind | null | undefined): SecondOpinionRoute {
  if (kind === 'family-doctor') return 'family-doctor';
  if (kind === 'medical-specialist') return 'treating-specialist';
  return 'doctor-abroad';
}

export function emptySecondOpinion(kind?: ReferrerKind | null): SecondOpinionForm {
  return {
    question: '',
    route: routeFor(kind),
    specialistName: '',
    specialistOrganisation: '',
    specialistEmail: '',
    treatedAbroad: false,
    imagingDone: false,
    patientConsulted: false,
    cancerKind: '',
  };
}

export function secondOpinionFormOf(
  v:
    | {
        question: string;
        route: string;
        treatingSpecialist: { name: string; organisation: string; email: string | null };
        treatedAbroad: boolean;
        imagingDone: boolean;
        patientConsulted: boolean;
        cancerKind?: string | null;
      }
    | null
    | undefined,
  kind?: ReferrerKind | null,
): SecondOpinionForm {
  if (!v) return emptySecondOpinion(kind);
  return {
    question: v.question,
    route: v.route as SecondOpinionRoute,
    specialistName: v.treatingSpecialist.name,
    specialistOrganisation: v.treatingSpecialist.organisation,
    specialistEmail: v.treatingSpecialist.email ?? '',
    treatedAbroad: v.treatedAbroad,
    imagingDone: v.imagingDone,
    patientConsulted: v.patientConsulted,
    cancerKind: v.cancerKind ?? '',
  };
}

/** The draft's `secondOpinion`; sent only once the question is there, so an empty start still saves. */
export function secondOpinionInput(f: SecondOpinionForm): SecondOpinionRequestInput | undefined {
  if (!f.question.trim()) return undefined;
  return {
    question: f.question,
    route: f.route,
    treatingSpecialist: {
      name: f.specialistName,
      organisation: f.specialistOrganisation,
      email: f.specialistEmail,
    },
    treatedAbroad: f.treatedAbroad,
    imagingDone: f.imagingDone,
    patientConsulted: f.patientConsulted,
    cancerKind: f.cancerKind,
  };
}

/** For the completeness check in the browser. */
export function secondOpinionFacts(f: SecondOpinionForm) {
  return {
    question: f.question.trim() || null,
    route: f.route,
    treatedAbroad: f.treatedAbroad,
    imagingDone: f.imagingDone,
    patientConsulted: f.patientConsulted,
  };
}

/**
 * In the referral form, for a second opinion (R-SO-01, R-SO-02, R-SO-04): the question for the second doctor, the
 * treating specialist who stays main practitioner, what the dossier will need, and the patient's consent.
 */
export function SecondOpinionFields({
  value,
  onChange,
  referrerKind,
  tumourTypes = [],
}: {
  value: SecondOpinionForm;
  onChange: (v: SecondOpinionForm) => void;
  referrerKind: ReferrerKind | null | undefined;
  /** The hospital's tumour types when the department is its cancer center; otherwise none is asked. */
  tumourTypes?: readonly TumourTypeOption[];
}) {
  const { t } = useTranslation();
  const problems = useContext(ProblemsContext);
  const error = (path: string) => problems.get(path);
  const set = <K extends keyof SecondOpinionForm>(k: K, v: SecondOpinionForm[K]) =>
    onChange({ ...value, [k]: v });
  // A family doctor's route is fixed; a specialist says whether they practise abroad (R-SO-02).
  const routes = secondOpinionRoutes.filter(
    (r) => r !== 'patient' && (referrerKind !== 'medical-specialist' || r !== 'family-doctor'),
  );
  const placed = referrerKind === 'family-doctor';
  return (
    <Fieldset legend={t('secondOpinions.form.legend')} data-testid="second-opinion-fields">
      <Stack gap="sm">
        <Textarea
          label={t('secondOpinions.form.question')}
          description={t('secondOpinions.form.questionHint')}
          value={value.question}
          onChange={(e) => set('question', e.currentTarget.value)}
          error={error('secondOpinion.question')}
          autosize
          minRows={2}
          required
          data-testid="so-question"
        />
        {!placed && (
          <NativeSelect
            label={t('secondOpinions.form.route')}
            value={value.route}
            onChange={(e) => set('route', e.currentTarget.value as SecondOpinionRoute)}
            data={routes.map((r) => ({ value: r, label: t(`secondOpinions.route.${r}`) }))}
            data-testid="so-route"
          />
        )}
        <CancerKindSelect
          tumourTypes={tumourTypes}
          value={value.cancerKind}
          onChange={(v) => set('cancerKind', v)}
          testId="so-cancer-kind"
        />
        {value.route === 'family-doctor' && (
          <Alert color="yellow" data-testid="so-route-flag">
            <LText text={familyDoctorRouteFlag} />
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label={t('secondOpinions.form.specialistName')}
            value={value.specialistName}
            onChange={(e) => set('specialistName', e.currentTarget.value)}
            error={error('secondOpinion.treatingSpecialist.name')}
            required
            data-testid="so-specialist-name"
          />
          <TextInput
            label={t('secondOpinions.form.specialistOrganisation')}
            value={value.specialistOrganisation}
            onChange={(e) => set('specialistOrganisation', e.currentTarget.value)}
            error={error('secondOpinion.treatingSpecialist.organisation')}
            required
            data-testid="so-specialist-organisation"
          />
          <TextInput
            label={t('secondOpinions.form.specialistEmail')}
            type="email"
            value={value.specialistEmail}
            onChange={(e) => set('specialistEmail', e.currentTarget.value)}
            error={error('secondOpinion.treatingSpecialist.email')}
            data-testid="so-specialist-email"
          />
        </SimpleGrid>
        <Alert color="blue" variant="light" data-testid="so-main-practitioner">
          {t('secondOpinions.form.mainPractitioner')}
        </Alert>
        <Checkbox
          label={t('secondOpinions.form.imagingDone')}
          checked={value.imagingDone}
          onChange={(e) => set('imagingDone', e.currentTarget.checked)}
          data-testid="so-imaging-done"
        />
        <Checkbox
          label={t('secondOpinions.form.treatedAbroad')}
          checked={value.treatedAbroad}
          onChange={(e) => set('treatedAbroad', e.currentTarget.checked)}
          data-testid="so-treated-abroad"
        />
        <Checkbox
          label={t('secondOpinions.form.patientConsulted')}
          checked={value.patientConsulted}
          onChange={(e) => set('patientConsulted', e.currentTarget.checked)}
          error={error('secondOpinion.patientConsulted')}
          data-testid="so-patient-consulted"
        />
      </Stack>
    </Fieldset>
  );
}
