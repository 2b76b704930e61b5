import { badInput, conflict, foldForSearch, today } from '@party/subgraph-kit';
import { z } from 'zod';
import { isUuid } from './access';

// Input rules shared by the membership mutations.

export const uuid = (what: string) => z.string().refine(isUuid, `is not ${what} id`);
export const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
export const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`).nullish().transform((v) => (v ? v : null));
export const personName = text(200).refine((v) => !/[\p{Cc}]/u.test(v), 'must not contain control characters');
/** Family background ("lý lịch"), sensitive personal data: at most 2,000 characters, free text (line breaks kept), empty → null. */
export const familyBackground = optionalText(2000);
export const citizenId = z.string().trim().regex(/^[0-9]{12}$/, 'must be 12 digits').nullish();
export const partyCard = z.string().trim().toUpperCase().regex(/^[0-9A-Z.-]{4,20}$/, 'must be 4 to 20 letters, digits, "." or "-"').nullish();

/** A day that has happened (decisions are facts: no future dates). */
export function assertNotFuture(value: string, field: string): void {
  if (value > today()) throw badInput(field, `${value} is in the future`);
}

/** Sort key: Vietnamese lists go by given name (the last word), then the whole name. */
export function sortName(fullName: string): string {
  const folded = foldForSearch(fullName);
  const given = folded.split(' ').pop() ?? '';
  return `${given} ${folded}`;
}

const UNIQUE_FIELDS: Record<string, string> = {
  member_citizen_id_key: 'citizenId',
  member_party_card_key: 'partyCardNumber',
  prospect_open_citizen_id: 'citizenId',
};

/** Turns a unique violation into a CONFLICT naming the input field. */
export function uniqueConflict(e: unknown): never {
  const err = ((e as { driverError?: unknown }).driverError ?? e) as { code?: string; constraint?: string };
  if (err.code === '23505' && err.constraint && UNIQUE_FIELDS[err.constraint]) {
    const field = `input.${UNIQUE_FIELDS[err.constraint]}`;
    throw conflict(`${field}: another person in the register already has this number`, field);
  }
  throw e;
}

