import { addDays, localTime, weekdayOf, type LocalTime } from '../calendar/local-time.ts';
import type { LocalizedText } from '../i18n/localized-text.ts';
import type { Contact, Department, Hospital, HoursSlot } from './schema.ts';

/**
 * Which number to call now (R-CAT-04), given the time in the hospital's time zone: contact points that
 * answer now, and otherwise the out-of-hours route (the main number, ask for the on-duty specialist).
 */
export interface OpenContact {
  contact: Contact;
  /** When this contact point stops answering today (HH:MM); null for an always-on service. */
  until: string | null;
}

export interface ClosedContact {
  contact: Contact;
  /** The next moment it answers, within a week; null when unknown. */
  opens: { date: string; time: string } | null;
}

export interface CallNow {
  local: LocalTime;
  holiday: boolean;
  /** Whether the hospital's office hours apply now. */
  officeHours: boolean;
  open: OpenContact[];
  closed: ClosedContact[];
  /** Contact points with a phone whose hours the page does not state. */
  hoursUnknown: Contact[];
  outOfHours: { phone: string; text: LocalizedText };
  /** The first thing to call: an open contact point, or the out-of-hours route. */
  advice: { kind: 'contact'; contact: Contact } | { kind: 'out-of-hours'; phone: string; text: LocalizedText };
}

function slotsFor(contact: Contact, hospital: Hospital): HoursSlot[] | 'always' | null {
  if (contact.hours === undefined) return null;
  if (contact.hours === 'always') return 'always';
  if (contact.hours === 'office-hours') return hospital.officeHours;
  return contact.hours;
}

function closedOn(date: string, contact: Contact, hospital: Hospital, holidays: ReadonlySet<string>): boolean {
  // An on-duty service answers on holidays; a clinic's opening hours do not.
  return contact.hours !== 'always' && hospital.closedOnPublicHolidays && holidays.has(date);
}

function openSlot(slots: HoursSlot[], weekday: number, time: string): HoursSlot | undefined {
  return slots.find((s) => s.days.includes(weekday) && s.from <= time && time < s.to);
}

function nextOpening(
  contact: Contact,
  slots: HoursSlot[],
  local: LocalTime,
  hospital: Hospital,
  holidays: ReadonlySet<string>,
): { date: string; time: string } | null {
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(local.date, offset);
    if (closedOn(date, contact, hospital, holidays)) continue;
    const weekday = weekdayOf(date);
    const starts = slots
      .filter((s) => s.days.includes(weekday) && (offset > 0 || s.from > local.time))
      .map((s) => s.from)
      .sort();
    if (starts[0] !== undefined) return { date, time: starts[0] };
  }
  return null;
}

const urgencyOrder: Contact['purposes'][number][] = ['urgent-consultation', 'peer-consultation', 'emergency'];

function rank(contact: Contact): number {
  const i = urgencyOrder.findIndex((p) => contact.purposes.includes(p));
  return i === -1 ? urgencyOrder.length : i;
}

export function callNow(input: {
  department: Department;
  hospital: Hospital;
  at: Date;
  holidays: ReadonlySet<string>;
}): CallNow {
  const { department, hospital, at, holidays } = input;
  const local = localTime(at, hospital.timeZone);
  const holiday = holidays.has(local.date);
  const officeHours =
    !(holiday && hospital.closedOnPublicHolidays) && openSlot(hospital.officeHours, local.weekday, local.time) !== undefined;

  const open: OpenContact[] = [];
  const closed: ClosedContact[] = [];
  const hoursUnknown: Contact[] = [];
  for (const contact of department.contacts) {
    if (contact.phone === undefined) continue;
    const slots = slotsFor(contact, hospital);
    if (slots === null) {
      hoursUnknown.push(contact);
    } else if (slots === 'always') {
      open.push({ contact, until: null });
    } else {
      const slot = closedOn(local.date, contact, hospital, holidays) ? undefined : openSlot(slots, local.weekday, local.time);
      if (slot) open.push({ contact, until: slot.to });
      else closed.push({ contact, opens: nextOpening(contact, slots, local, hospital, holidays) });
    }
  }
  open.sort((a, b) => rank(a.contact) - rank(b.contact));

  const outOfHours = department.outOfHours ?? { phone: hospital.mainPhone, text: hospital.mainPhoneText };
  const first = open[0];
  return {
    local,
    holiday,
    officeHours,
    open,
    closed,
    hoursUnknown,
    outOfHours,
    advice: first
      ? { kind: 'contact', contact: first.contact }
      : { kind: 'out-of-hours', phone: outOfHours.phone, text: outOfHours.text },
  };
}
