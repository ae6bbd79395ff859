import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { resolveText, type LocalizedText } from '@loket/domain';
import { useLanguage } from '../shared/i18n';

export interface TumourTypeOption {
  id: string;
  name: LocalizedText;
}

/**
 * The kind of cancer a second opinion is about, from the hospital's list of tumour types: the hospital publishes its
 * waiting time for second opinions per kind of cancer (R-SO-09). Not asked where the department has no such list.
 */
export function CancerKindSelect({
  tumourTypes,
  value,
  onChange,
  testId,
}: {
  tumourTypes: readonly TumourTypeOption[];
  value: string;
  onChange: (v: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const lang = useLanguage();
  if (tumourTypes.length === 0) return null;
  return (
    <NativeSelect
      label={t('secondOpinions.form.cancerKind')}
      description={t('secondOpinions.form.cancerKindHint')}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      data={[
        { value: '', label: t('secondOpinions.form.cancerKindNone') },
        ...tumourTypes.map((tt) => ({ value: tt.id, label: resolveText(tt.name, lang).text })),
      ]}
      data-testid={testId}
    />
  );
}
