import { useTranslation } from 'react-i18next';
import { formatDays } from './format';

export interface ChartBar {
  key: string;
  label: string;
  averageDays: number;
  targetDays: number | null;
}

const ROW = 34;
const LABEL_WIDTH = 340;
const PLOT_WIDTH = 380;

/**
 * Average wait per department and kind as horizontal bars, the target as a dark tick. The figures table next to it
 * is the text equivalent, so the drawing itself is hidden from screen readers.
 */
export function WaitChart({ bars }: { bars: ChartBar[] }) {
  const { t, i18n } = useTranslation();
  const max = Math.max(...bars.flatMap((b) => [b.averageDays, b.targetDays ?? 0]), 1);
  const scale = (days: number) => (days / max) * PLOT_WIDTH;
  const height = bars.length * ROW + 8;
  return (
    <svg
      width="100%"
      viewBox={`0 0 ${LABEL_WIDTH + PLOT_WIDTH + 90} ${height}`}
      aria-hidden="true"
      data-testid="waiting-times-chart"
      style={{ maxWidth: 760 }}
    >
      {bars.map((b, i) => {
        const y = i * ROW + 4;
        return (
          <g key={b.key}>
            <text x={0} y={y + 18} fontSize={13} fill="#212529">
              {b.label}
            </text>
            <rect
              x={LABEL_WIDTH}
              y={y + 4}
              width={Math.max(scale(b.averageDays), 2)}
              height={ROW - 12}
              fill={b.targetDays !== null && b.averageDays > b.targetDays ? '#c92a2a' : '#1c7ed6'}
            />
            {b.targetDays !== null && (
              <line
                x1={LABEL_WIDTH + scale(b.targetDays)}
                x2={LABEL_WIDTH + scale(b.targetDays)}
                y1={y}
                y2={y + ROW - 4}
                stroke="#212529"
                strokeWidth={3}
              />
            )}
            <text
              x={LABEL_WIDTH + scale(Math.max(b.averageDays, b.targetDays ?? 0)) + 8}
              y={y + 18}
              fontSize={13}
              fill="#212529"
            >
              {t('waitingTimes.days', {
                count: b.averageDays,
                value: formatDays(b.averageDays, i18n.language),
              })}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
