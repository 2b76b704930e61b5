import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '@party/subgraph-kit';
import type { OrganizationKind } from '../domain/kinds';
import type { ChangeType, OrganizationState } from '../entities/organization-change.entity';
import type { ChangeRow } from '../loaders/organization.loader';
import { OrganizationChangeTypeEnum, OrganizationKindEnum } from './enums';
import { Organization } from './organization.type';

@ObjectType({ description: 'A recorded decision that changed the tree, seen from one organisation it touched.' })
export class OrganizationChange {
  @Field(() => ID)
  id!: string;

  @Field(() => OrganizationChangeTypeEnum)
  type!: ChangeType;

  @Field(() => DateScalar)
  effectiveOn!: string;

  @Field(() => String, { description: 'Reference of the decision, e.g. "1234-QĐ/TU".' })
  decisionRef!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String, { description: 'User id of whoever recorded the change.' })
  recordedBy!: string;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Name before the change (null: did not exist before).' })
  previousName!: string | null;

  @Field(() => String, { nullable: true, description: 'Name after the change (null: ceased to exist).' })
  newName!: string | null;

  @Field(() => OrganizationKindEnum, { nullable: true })
  previousKind!: OrganizationKind | null;

  @Field(() => OrganizationKindEnum, { nullable: true })
  newKind!: OrganizationKind | null;

  subjectId!: string;
  before!: OrganizationState | null;
  after!: OrganizationState | null;

  static from(row: ChangeRow): OrganizationChange {
    const c = new OrganizationChange();
    c.id = row.id;
    c.type = row.type as ChangeType;
    c.effectiveOn = row.effective_on;
    c.decisionRef = row.decision_ref;
    c.note = row.note;
    c.recordedBy = row.recorded_by;
    c.recordedAt = row.recorded_at;
    c.subjectId = row.subject_id;
    c.before = row.before;
    c.after = row.after;
    c.previousName = row.before?.name ?? null;
    c.newName = row.after?.name ?? null;
    c.previousKind = (row.before?.kind as OrganizationKind | undefined) ?? null;
    c.newKind = (row.after?.kind as OrganizationKind | undefined) ?? null;
    return c;
  }
}

@ObjectType({ description: 'Result of a change to the tree.' })
export class OrganizationChangePayload {
  @Field(() => Organization, { nullable: true, description: 'The organisation the change was about, as it stands after the change (before it, if it ceased to exist).' })
  organization!: Organization | null;

  @Field(() => [Organization], { description: 'Every organisation the change created or kept (merge target, split parts).' })
  organizations!: Organization[];

  @Field(() => OrganizationChange)
  change!: OrganizationChange;
}
