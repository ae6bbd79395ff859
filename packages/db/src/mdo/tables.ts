import type { Generated } from 'kysely';

/** The tables of mdo (see migration 016). */

export interface MdoMeetingTable {
  id: Generated<string>;
  department_id: string;
  title: string;
  starts_at: Date;
  location: string | null;
  created_by: string | null;
  created_by_name: string;
  created_at: Generated<Date>;
}

export interface MdoCaseTable {
  id: Generated<string>;
  meeting_id: string;
  referral_id: string;
  question: string | null;
  added_by: string | null;
  added_by_name: string;
  added_at: Date;
  diagnosis: string | null;
  treatment_advice: string | null;
  concluded_at: Date | null;
  concluded_by: string | null;
  concluded_by_name: string | null;
}

export interface MdoTables {
  mdo_meeting: MdoMeetingTable;
  mdo_case: MdoCaseTable;
}
