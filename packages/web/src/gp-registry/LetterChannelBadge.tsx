import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** How a letter went out (R-COM-03): secure mail through the family-doctor registry (R-GP-01), e-mail, or not sent. */
export function LetterChannelBadge({ channel }: { channel: 'secure-mail' | 'email' | 'none' | null }) {
  const { t } = useTranslation();
  if (!channel) return null;
  return (
    <Badge
      size="xs"
      variant="light"
      color={channel === 'secure-mail' ? 'teal' : channel === 'email' ? 'blue' : 'gray'}
      maw="none"
      data-testid="letter-channel"
      data-channel={channel}
    >
      {t(`gpRegistry.channel.${channel}`)}
    </Badge>
  );
}
