import { Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department, LocalizedText } from '@loket/domain';
import { ContactsEditor } from './ContactsEditor';
import { LocalizedTextInput, PhoneInput } from './fields';
import { useFieldError } from './problems';
import { DocumentsEditor, LetterEditor } from './RequirementsEditor';

function FormSection({
  id,
  title,
  children,
  hint,
}: {
  id: string;
  title: string;
  children: ReactNode;
  hint?: string;
}) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb={hint ? 2 : 'sm'}>
        {title}
      </Title>
      {hint && (
        <Text size="sm" c="dimmed" mb="sm">
          {hint}
        </Text>
      )}
      {children}
    </Paper>
  );
}

/** Sets or (when undefined) removes an optional field. */
function assign<K extends keyof Department>(
  d: Department,
  key: K,
  value: Department[K] | undefined,
): Department {
  const next = { ...d, [key]: value };
  if (value === undefined) delete next[key];
  return next;
}

type OutOfHours = { phone?: string; text?: LocalizedText };

/**
 * The parts of a department administrators change most. Everything else (stops, restrictions, care paths,
 * sections…) is kept as it is and edited on the YAML tab.
 */
export function DepartmentForm({
  department: d,
  onChange,
}: {
  department: Department;
  onChange: (d: Department) => void;
}) {
  const { t } = useTranslation();
  const idError = useFieldError('id');
  const ooh: OutOfHours = d.outOfHours ?? {};
  const setOoh = (next: OutOfHours) => {
    const empty = !next.phone && !next.text;
    onChange(assign(d, 'outOfHours', empty ? undefined : (next as Department['outOfHours'])));
  };
  return (
    <Stack gap="md" data-testid="department-form">
      <FormSection id="section-names" title={t('admin.department.names')}>
        <Stack gap="sm">
          <TextInput
            label={t('admin.fields.id')}
            value={d.id}
            readOnly
            disabled
            error={idError}
            w={{ base: '100%', sm: 320 }}
          />
          <LocalizedTextInput
            label={t('admin.department.name')}
            value={d.name}
            onChange={(v) => onChange({ ...d, name: v ?? {} })}
            path="name"
            required
            testId="department-name"
          />
          <LocalizedTextInput
            label={t('admin.department.summary')}
            value={d.summary}
            onChange={(v) => onChange(assign(d, 'summary', v))}
            path="summary"
            multiline
            testId="department-summary"
          />
        </Stack>
      </FormSection>

      <FormSection id="section-contacts" title={t('admin.department.contacts')}>
        <ContactsEditor contacts={d.contacts ?? []} onChange={(contacts) => onChange({ ...d, contacts })} />
      </FormSection>

      <FormSection
        id="section-out-of-hours"
        title={t('admin.department.outOfHours')}
        hint={t('admin.department.outOfHoursHint')}
      >
        <Stack gap="sm">
          <PhoneInput
            label={t('admin.department.outOfHoursPhone')}
            value={ooh.phone}
            onChange={(phone) => {
              const next = { ...ooh, phone };
              if (phone === undefined) delete next.phone;
              setOoh(next);
            }}
            path="outOfHours.phone"
            testId="out-of-hours-phone"
          />
          <LocalizedTextInput
            label={t('admin.department.outOfHoursText')}
            value={ooh.text}
            onChange={(text) => {
              const next = { ...ooh, text };
              if (text === undefined) delete next.text;
              setOoh(next);
            }}
            path="outOfHours.text"
            testId="out-of-hours-text"
          />
        </Stack>
      </FormSection>

      <FormSection id="section-letter" title={t('admin.department.letter')}>
        <LetterEditor items={d.letter ?? []} onChange={(letter) => onChange({ ...d, letter })} />
      </FormSection>

      <FormSection id="section-documents" title={t('admin.department.documents')}>
        <DocumentsEditor items={d.documents ?? []} onChange={(documents) => onChange({ ...d, documents })} />
      </FormSection>

      <FormSection id="section-after" title={t('admin.department.afterReferral')}>
        <Stack gap="sm">
          <LocalizedTextInput
            label={t('admin.department.triage')}
            value={d.triage}
            onChange={(v) => onChange(assign(d, 'triage', v))}
            path="triage"
            multiline
            testId="department-triage"
          />
          <LocalizedTextInput
            label={t('admin.department.afterReferralText')}
            value={d.afterReferral}
            onChange={(v) => onChange(assign(d, 'afterReferral', v))}
            path="afterReferral"
            multiline
            testId="department-after-referral"
          />
        </Stack>
      </FormSection>
    </Stack>
  );
}
