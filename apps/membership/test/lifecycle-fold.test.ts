/** The pure rules of a member's life: folding events into dated state, party age, probation dates. */
import { addMonths, badgesReached, fold, fullYears, nextBadge, partyAgeYears, probationEndsOn, recognitionDueBy, segmentOn, type LifeEvent } from '../src/domain/lifecycle';

const A = 'cell-a';
const B = 'cell-b';
const H = 'cell-host';
let n = 0;
const ev = (type: LifeEvent['type'], effectiveOn: string, extra: Partial<LifeEvent> = {}): LifeEvent => ({ id: ++n, type, effectiveOn, ...extra });

describe('fold', () => {
  test('admission, recognition, official transfer: one segment per state', () => {
    const f = fold([ev('ADMITTED', '2020-03-01', { organizationId: A }), ev('RECOGNIZED', '2021-03-01'), ev('TRANSFERRED', '2022-05-10', { organizationId: B })]);
    expect(f.segments).toEqual([
      { validFrom: '2020-03-01', validTo: '2021-03-01', organizationId: A, hostOrganizationId: null, status: 'PROBATIONARY', activity: 'ACTIVE' },
      { validFrom: '2021-03-01', validTo: '2022-05-10', organizationId: A, hostOrganizationId: null, status: 'OFFICIAL', activity: 'ACTIVE' },
      { validFrom: '2022-05-10', validTo: 'infinity', organizationId: B, hostOrganizationId: null, status: 'OFFICIAL', activity: 'ACTIVE' },
    ]);
    expect(f).toMatchObject({ admittedOn: '2020-03-01', officialOn: '2021-03-01', terminatedOn: null, lastEventOn: '2022-05-10' });
    expect(f.current).toMatchObject({ organizationId: B, status: 'OFFICIAL' });
  });

  test('a temporary transfer ends by itself the day after `until`', () => {
    const f = fold([ev('ADMITTED', '2020-03-01', { organizationId: A }), ev('TEMPORARY_TRANSFER', '2020-06-01', { organizationId: H, until: '2020-08-31' })]);
    expect(f.segments.map((s) => [s.validFrom, s.validTo, s.hostOrganizationId, s.activity])).toEqual([
      ['2020-03-01', '2020-06-01', null, 'ACTIVE'],
      ['2020-06-01', '2020-09-01', H, 'TEMPORARILY_AWAY'],
      ['2020-09-01', 'infinity', null, 'ACTIVE'],
    ]);
    expect(segmentOn(f.segments, '2020-08-31')?.hostOrganizationId).toBe(H);
    expect(segmentOn(f.segments, '2020-09-01')?.hostOrganizationId).toBeNull();
  });

  test('a stay that ended before the next event is closed at its end, not at the event', () => {
    const f = fold([ev('ADMITTED', '2020-03-01', { organizationId: A }), ev('TEMPORARY_TRANSFER', '2020-06-01', { organizationId: H, until: '2020-06-30' }), ev('RECOGNIZED', '2021-03-01')]);
    expect(f.segments.map((s) => [s.validFrom, s.validTo, s.status, s.activity])).toEqual([
      ['2020-03-01', '2020-06-01', 'PROBATIONARY', 'ACTIVE'],
      ['2020-06-01', '2020-07-01', 'PROBATIONARY', 'TEMPORARILY_AWAY'],
      ['2020-07-01', '2021-03-01', 'PROBATIONARY', 'ACTIVE'],
      ['2021-03-01', 'infinity', 'OFFICIAL', 'ACTIVE'],
    ]);
  });

  test('exemption wins over being away; its end restores activity', () => {
    const f = fold([ev('ADMITTED', '2020-03-01', { organizationId: A }), ev('TEMPORARY_TRANSFER', '2020-06-01', { organizationId: H, until: '2021-05-31' }), ev('EXEMPTED', '2020-07-01'), ev('EXEMPTION_ENDED', '2020-10-01')]);
    expect(f.segments.map((s) => [s.validFrom, s.activity])).toEqual([
      ['2020-03-01', 'ACTIVE'],
      ['2020-06-01', 'TEMPORARILY_AWAY'],
      ['2020-07-01', 'EXEMPT'],
      ['2020-10-01', 'TEMPORARILY_AWAY'],
      ['2021-06-01', 'ACTIVE'],
    ]);
  });

  test('termination closes the membership; reinstatement restores status and cell', () => {
    const f = fold([ev('ADMITTED', '2020-03-01', { organizationId: A }), ev('RECOGNIZED', '2021-03-01'), ev('TERMINATED', '2022-01-10', { reason: 'STRUCK_OFF' }), ev('REINSTATED', '2022-04-01')]);
    expect(f.segments.map((s) => [s.validFrom, s.validTo, s.organizationId, s.status])).toEqual([
      ['2020-03-01', '2021-03-01', A, 'PROBATIONARY'],
      ['2021-03-01', '2022-01-10', A, 'OFFICIAL'],
      ['2022-04-01', 'infinity', A, 'OFFICIAL'],
    ]);
    expect(f).toMatchObject({ terminatedOn: null, terminationReason: null });
    const ended = fold([ev('ADMITTED', '2020-03-01', { organizationId: A }), ev('TERMINATED', '2020-09-01', { reason: 'PROBATION_NOT_RECOGNIZED' })]);
    expect(ended).toMatchObject({ current: null, terminatedOn: '2020-09-01', terminationReason: 'PROBATION_NOT_RECOGNIZED' });
    expect(segmentOn(ended.segments, '2020-09-01')).toBeNull();
  });

  test('corrections do not change the life', () => {
    const events = [ev('ADMITTED', '2020-03-01', { organizationId: A }), ev('RECOGNIZED', '2021-03-01')];
    expect(fold([...events, ev('CORRECTED', '2025-01-01')]).segments).toEqual(fold(events).segments);
  });
});

describe('dates', () => {
  test('party age counts whole years without the interruption', () => {
    const { segments } = fold([ev('ADMITTED', '1990-05-01', { organizationId: A }), ev('TERMINATED', '2000-01-01', { reason: 'STRUCK_OFF' }), ev('REINSTATED', '2000-07-01')]);
    // 182 days out (2000 is a leap year): the 30th anniversary moves from 2020-05-01 to 2020-10-30.
    expect(partyAgeYears(segments, '2020-10-29')).toBe(29);
    expect(partyAgeYears(segments, '2020-10-30')).toBe(30);
    expect(partyAgeYears(segments, '1989-01-01')).toBe(0);
  });

  test('badges at 30, 40, 45 … 90 years', () => {
    expect(badgesReached(29)).toEqual([]);
    expect(badgesReached(45)).toEqual([30, 40, 45]);
    expect(nextBadge(45)).toBe(50);
    expect(nextBadge(90)).toBeNull();
  });

  test('probation ends 12 months after the ceremony; 29 February ends on 28 February', () => {
    expect(probationEndsOn('2023-03-01')).toBe('2024-03-01');
    expect(probationEndsOn('2024-02-29')).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(fullYears('2000-02-29', '2018-02-28')).toBe(17);
    expect(fullYears('2000-02-29', '2018-03-01')).toBe(18);
  });

  test('recognition is due 30 working days after probation ends', () => {
    // Friday 2024-03-01: six weeks later, Friday 2024-04-12.
    expect(recognitionDueBy('2024-03-01')).toBe('2024-04-12');
    // Saturday 2024-03-02: the 30th weekday after it is Friday 2024-04-12 too.
    expect(recognitionDueBy('2024-03-02')).toBe('2024-04-12');
    // Sunday 2024-03-03: likewise.
    expect(recognitionDueBy('2024-03-03')).toBe('2024-04-12');
    // Monday 2024-03-04: Monday 2024-04-15.
    expect(recognitionDueBy('2024-03-04')).toBe('2024-04-15');
  });
});
