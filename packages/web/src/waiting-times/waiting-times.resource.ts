import { useQuery } from '@tanstack/react-query';
import type { AccessTime, LocalizedText, ReferralKind } from '@loket/domain';
import { api } from '../shared/api';

export interface WaitFigures {
  count: number;
  averageDays: number | null;
  medianDays: number | null;
  suppressed: boolean;
}

export interface WaitingTimeGroup {
  kind: ReferralKind;
  scheduled: WaitFigures;
  stillWaiting: { count: number; longestDays: number | null };
  targets: {
    accessTimeId: string;
    type: AccessTime['type'];
    comparison: AccessTime['comparison'];
    days: number;
    text: LocalizedText;
    measured: WaitFigures;
    meets: boolean | null;
  }[];
  /** Second opinions per kind of cancer (R-SO-09). */
  byCancerKind: { id: string; name: LocalizedText; scheduled: WaitFigures }[];
}

export interface WaitingTimesResponse {
  period: { from: string; to: string; months: number };
  minReferrals: number;
  departments: { id: string; name: LocalizedText; accessTimes: AccessTime[]; groups: WaitingTimeGroup[] }[];
}

export function useWaitingTimes() {
  return useQuery({
    queryKey: ['waiting-times'],
    queryFn: () => api<WaitingTimesResponse>('/api/waiting-times'),
    staleTime: 60_000,
  });
}
