import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An organisation's identity: what stays the same across renames, moves and kind changes. */
@Entity({ name: 'organization' })
export class OrganizationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Number used as this organisation's label in materialised paths. */
  @Column({ type: 'bigint', insert: false, update: false })
  node!: string;

  @Column('text')
  code!: string;

  @Column({ type: 'date', name: 'established_on' })
  establishedOn!: string;

  @Column({ type: 'date', name: 'dissolved_on', nullable: true })
  dissolvedOn!: string | null;

  @Column({ type: 'timestamptz', name: 'recorded_at', insert: false, update: false })
  recordedAt!: Date;
}
