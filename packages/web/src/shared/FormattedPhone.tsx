import { Anchor } from '@mantine/core';
import { formatPhoneNational } from '@loket/domain';

/** Any phone number (a patient's, a caller's, one being edited), formatted in the browser (R-ID-03). */
export function FormattedPhone({ e164 }: { e164: string }) {
  return (
    <Anchor href={`tel:${e164}`} style={{ whiteSpace: 'nowrap' }}>
      {formatPhoneNational(e164)}
    </Anchor>
  );
}
