import { Anchor } from '@mantine/core';
import { formatPhoneNational } from '@loket/domain';

export function Phone({ e164 }: { e164: string }) {
  return (
    <Anchor href={`tel:${e164}`} style={{ whiteSpace: 'nowrap' }}>
      {formatPhoneNational(e164)}
    </Anchor>
  );
}
