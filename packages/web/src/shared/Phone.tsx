import { Anchor } from '@mantine/core';
import { useCatalog } from '../referral-guide/catalog.resource';

/**
 * A number from the referral guide (hospital, departments), shown as the server formatted it: the public guide's
 * first load carries no phone-number library. For any other number use FormattedPhone.
 */
export function Phone({ e164 }: { e164: string }) {
  const { data } = useCatalog();
  return (
    <Anchor href={`tel:${e164}`} style={{ whiteSpace: 'nowrap' }}>
      {data?.phones[e164] ?? e164}
    </Anchor>
  );
}
