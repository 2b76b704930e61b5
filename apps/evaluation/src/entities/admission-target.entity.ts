import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A target in force: organisation, year, quarter (0 for the whole year). Written with SQL by services/target.service.ts. */
@Entity({ name: 'admission_target' })
export class AdmissionTargetEntity {
  @PrimaryColumn({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @PrimaryColumn('integer')
  year!: number;

  @PrimaryColumn('integer')
  quarter!: number;

  @Column('integer')
  target!: number;

  @Column({ type: 'uuid', name: 'assigned_by' })
  assignedBy!: string;

  @Column({ type: 'text', name: 'decision_ref' })
  decisionRef!: string;
}
