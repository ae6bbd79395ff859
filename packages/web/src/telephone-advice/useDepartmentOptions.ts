import { useMemo } from 'react';
import { resolveText } from '@loket/domain';
import { useCatalog } from '../referral-guide/catalog.resource';
import { useLanguage } from '../shared/i18n';

/** The hospital's departments as select options, by name in the reader's language. */
export function useDepartmentOptions() {
  const catalog = useCatalog();
  const lang = useLanguage();
  return useMemo(
    () =>
      (catalog.data?.departments ?? [])
        .map((d) => ({ value: d.id, label: resolveText(d.name, lang).text }))
        .sort((a, b) => a.label.localeCompare(b.label, lang)),
    [catalog.data, lang],
  );
}
