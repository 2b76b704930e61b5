import { DateScalar } from '@party/subgraph-kit';
import { Directive, Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

/**
 * The organisation subgraph's entity, referred to by id and the day it is seen on (docs/decisions/0007).
 * Each subgraph declares its own class: type-graphql attaches field resolvers to the class, and a class
 * shared between subgraphs would carry one subgraph's fields into another's schema.
 */
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id asOf")')
export class Organization {
  @Field(() => ID)
  id!: string;

  @Field(() => DateScalar)
  asOf!: string;

  static ref(id: string, asOf: string): Organization {
    const o = new Organization();
    o.id = id;
    o.asOf = asOf;
    return o;
  }
}

/** How a count that may be withheld is described (docs/decisions/0021-small-cell-suppression.md). */
export const WITHHELD = 'Null when withheld: for analysts, counts from 1 to Query.smallCellThreshold − 1 and the cells that would reveal them.';

@ObjectType({ description: 'Admissions against the target in one quarter.', simpleResolvers: true })
export class QuarterAchievement {
  @Field(() => Int)
  quarter!: number;

  @Field(() => Int, { nullable: true, description: 'The quarter\'s target, if one was assigned.' })
  target!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  admitted!: number | null;

  @Field(() => Float, { nullable: true, description: 'admitted / target; null without a quarterly target, or when `admitted` is withheld.' })
  achievementRate!: number | null;
}

@ObjectType({ description: "An organisation's admission target for a year and what it achieved: admissions in its subtree as it stood on each admission day.", simpleResolvers: true })
export class AdmissionTarget {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: 'The yearly target (0 when none was assigned: see hasTarget).' })
  target!: number;

  @Field(() => Boolean)
  hasTarget!: boolean;

  @Field(() => Int, { nullable: true, description: `Admissions in the year in its subtree as it stood on each admission day. ${WITHHELD}` })
  admitted!: number | null;

  @Field(() => Float, { nullable: true, description: 'admitted / target as a fraction (1.06 for 106 %), to four decimal places; 0 without a target; null when `admitted` is withheld.' })
  achievementRate!: number | null;

  @Field(() => Int, { nullable: true, description: 'Place among the rows of the same list (admissionPerformance), by achievement; null for rows whose `admitted` is withheld, which are listed last.' })
  rank!: number | null;

  @Field(() => [QuarterAchievement])
  quarters!: QuarterAchievement[];

  /** The assigning organisation (internal). */
  assignedBy!: string | null;
}

@InputType()
export class TargetInput {
  @Field(() => ID, { description: 'An organisation directly under the assigning one during the year.' })
  organizationId!: string;

  @Field(() => Int, { description: 'Admissions expected in the year: a whole number, 0 or more.' })
  target!: number;

  @Field(() => [Int], { nullable: true, description: 'Optional: the four quarters\' targets, adding up to `target`.' })
  quarters?: number[] | null;
}

@InputType()
export class SetAdmissionTargetsInput {
  @Field(() => ID, { description: 'The committee assigning the targets.' })
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String, { description: 'The decision assigning the targets.' })
  decisionRef!: string;

  @Field(() => [TargetInput])
  targets!: TargetInput[];

  @Field(() => String, { nullable: true })
  idempotencyKey?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class SetAdmissionTargetsPayload {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => Int)
  year!: number;

  @Field(() => [AdmissionTarget], { description: 'The targets now in force for the organisations named.' })
  targets!: AdmissionTarget[];

  @Field(() => Int, { description: "Sum of the yearly targets in force for the assigning organisation's children." })
  childrenTotal!: number;

  @Field(() => Int, { nullable: true, description: "The assigning organisation's own target, if its parent assigned one." })
  parentTarget!: number | null;

  @Field(() => Boolean, { description: "Whether the children's targets add up to the parent's (true when the parent has none)." })
  balanced!: boolean;

  @Field(() => String, { nullable: true, description: 'When not balanced: by how much, in words.' })
  warning!: string | null;
}
