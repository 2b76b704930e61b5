import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { OrganizationKind, Sector } from '../domain/kinds';

/**
 * One dated state of an organisation, valid on [validFrom, validTo).
 * Versions of one organisation never overlap (exclusion constraint).
 * Written only by the hand-written SQL in tree-change.service.ts, which keeps
 * `path` and `depth` of the whole subtree right in the same transaction.
 */
@Entity({ name: 'organization_version' })
export class OrganizationVersionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  /** Copies of the organisation's identity, so tree reads touch one table. */
  @Column('text')
  code!: string;

  @Column('bigint')
  node!: string;

  @Column({ type: 'date', name: 'established_on' })
  establishedOn!: string;

  @Column({ type: 'date', name: 'dissolved_on', nullable: true })
  dissolvedOn!: string | null;

  @Column({ type: 'date', name: 'valid_from' })
  validFrom!: string;

  /** 'infinity' while current. */
  @Column({ type: 'date', name: 'valid_to' })
  validTo!: string;

  @Column({ type: 'uuid', name: 'parent_id', nullable: true })
  parentId!: string | null;

  @Column('text')
  name!: string;

  /** Folded name and code, for diacritics-insensitive search. */
  @Column({ type: 'text', name: 'search_text' })
  searchText!: string;

  /** Folded name: the order of children and roots. */
  @Column({ type: 'text', name: 'sort_name', collation: 'C' })
  sortName!: string;

  @Column('text')
  kind!: OrganizationKind;

  @Column({ type: 'text', nullable: true })
  sector!: Sector | null;

  @Column({ type: 'text', collation: 'C' })
  path!: string;

  @Column('int')
  depth!: number;
}
