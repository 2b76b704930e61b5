import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const CHANGE_TYPES = ['ESTABLISH', 'RENAME', 'MOVE', 'MERGE', 'SPLIT', 'DISSOLVE', 'UPGRADE', 'DOWNGRADE'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** A recorded decision that changed the tree: append-only. */
@Entity({ name: 'organization_change' })
export class OrganizationChangeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('text')
  type!: ChangeType;

  @Column({ type: 'date', name: 'effective_on' })
  effectiveOn!: string;

  @Column({ type: 'text', name: 'decision_ref' })
  decisionRef!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'text', name: 'recorded_by' })
  recordedBy!: string;

  @Column({ type: 'timestamptz', name: 'recorded_at', insert: false, update: false })
  recordedAt!: Date;

  @Column({ type: 'text', name: 'request_id', nullable: true })
  requestId!: string | null;
}

/** An organisation's state as a change saw it, before or after. */
export interface OrganizationState {
  code: string;
  name: string;
  kind: string;
  sector: string | null;
  parentId: string | null;
}

/** What one change did to one organisation. */
@Entity({ name: 'organization_change_subject' })
export class OrganizationChangeSubjectEntity {
  @PrimaryColumn({ type: 'uuid', name: 'change_id' })
  changeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: OrganizationState | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: OrganizationState | null;
}

/** Predecessor → successor links made by merges, splits and dissolutions. */
@Entity({ name: 'organization_lineage' })
export class OrganizationLineageEntity {
  @PrimaryColumn({ type: 'uuid', name: 'change_id' })
  changeId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'predecessor_id' })
  predecessorId!: string;

  @PrimaryColumn({ type: 'uuid', name: 'successor_id' })
  successorId!: string;
}
