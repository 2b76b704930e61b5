import { Column, Entity, PrimaryColumn } from 'typeorm';

// Table mappings for the register. The migrations own the schema; services
// write with SQL so that a change, its event and what derives from them share
// one transaction and one lock order (services/lifecycle.service.ts).

/** A person in the register: record data, plus copies of the dates their events recorded. */
@Entity({ name: 'member' })
export class MemberEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text', name: 'full_name' })
  fullName!: string;

  @Column('text')
  gender!: string;

  @Column({ type: 'date', name: 'birth_date' })
  birthDate!: string;

  @Column({ type: 'text', nullable: true })
  ethnicity!: string | null;

  @Column({ type: 'text', nullable: true })
  religion!: string | null;

  @Column({ type: 'text', name: 'citizen_id', nullable: true })
  citizenId!: string | null;

  @Column({ type: 'text', name: 'family_background', nullable: true })
  familyBackground!: string | null;

  @Column({ type: 'text', name: 'party_card_number', nullable: true })
  partyCardNumber!: string | null;

  @Column({ type: 'date', name: 'admitted_on' })
  admittedOn!: string;

  @Column({ type: 'date', name: 'official_on', nullable: true })
  officialOn!: string | null;

  @Column({ type: 'date', name: 'terminated_on', nullable: true })
  terminatedOn!: string | null;

  @Column('integer')
  version!: number;
}

/** One append-only event of a member's life (or a correction of their record). */
@Entity({ name: 'member_event' })
export class MemberEventEntity {
  @PrimaryColumn({ type: 'bigint', insert: false, update: false })
  id!: string;

  @Column({ type: 'uuid', name: 'member_id' })
  memberId!: string;

  @Column('text')
  type!: string;

  @Column({ type: 'date', name: 'effective_on' })
  effectiveOn!: string;

  @Column({ type: 'text', name: 'decision_ref' })
  decisionRef!: string;

  @Column({ type: 'uuid', name: 'organization_id', nullable: true })
  organizationId!: string | null;

  @Column({ type: 'text', name: 'recorded_by' })
  recordedBy!: string;

  @Column({ type: 'timestamptz', name: 'recorded_at', insert: false, update: false })
  recordedAt!: Date;
}

/** An outstanding non-member on the way to admission. */
@Entity({ name: 'prospect' })
export class ProspectEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @Column({ type: 'text', name: 'full_name' })
  fullName!: string;

  @Column('text')
  stage!: string;

  @Column({ type: 'uuid', name: 'member_id', nullable: true })
  memberId!: string | null;

  @Column('integer')
  version!: number;
}
