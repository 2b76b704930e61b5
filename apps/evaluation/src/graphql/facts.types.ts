import { Connection, DateTimeScalar, PageInfo } from '@party/subgraph-kit';
import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { QualityGrade, type QualityGradeName } from './rating.types';
import { Organization, WITHHELD } from './types';

/** One flat row per organisation and year for BI tools; the columns are described in apps/evaluation/FACTS.md. */
@ObjectType({ description: "One organisation's evaluation figures for a year, flat and stable (apps/evaluation/FACTS.md). Frozen figures once the year is finalised for it.", simpleResolvers: true })
export class EvaluationFact {
  @Field(() => Int)
  year!: number;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => String)
  code!: string;

  @Field(() => String, { description: 'Name at the end of the year (or when it ceased in it).' })
  name!: string;

  @Field(() => String, { description: 'OrganizationKind at the end of the year (or when it ceased in it).' })
  kind!: string;

  @Field(() => String, { nullable: true, description: "The parent's code on that day; null for a root." })
  parentCode!: string | null;

  @Field(() => String, { description: 'Names from the root down to this organisation on that day, joined with " / ".' })
  path!: string;

  @Field(() => Int, { description: '0 for a root.' })
  depth!: number;

  @Field(() => Int, { nullable: true, description: 'The yearly admission target; null when none was assigned.' })
  target!: number | null;

  @Field(() => Int, { nullable: true, description: `Admissions in the year in its subtree as it stood on each admission day. ${WITHHELD}` })
  admitted!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  admittedQ1!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  admittedQ2!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  admittedQ3!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  admittedQ4!: number | null;

  @Field(() => Float, { nullable: true, description: 'admitted / target to four decimal places; null without a target or with a target of 0, or when `admitted` is withheld.' })
  achievementRate!: number | null;

  @Field(() => QualityGrade, { nullable: true, description: 'The quality rating in force for the year; null when not rated.' })
  grade!: QualityGradeName | null;

  @Field(() => Float, { nullable: true })
  score!: number | null;

  @Field(() => Int, { nullable: true, description: `PROBATIONARY and OFFICIAL members on 1 January in its subtree as it stood that day (0 if it did not exist then). ${WITHHELD}` })
  membersAtStart!: number | null;

  @Field(() => Int, { nullable: true, description: `PROBATIONARY and OFFICIAL members on 31 December in its subtree as it stood that day (0 if it did not exist then). ${WITHHELD}` })
  membersAtEnd!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  admittedWomen!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  admittedEthnicMinority!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  admittedYouthUnion!: number | null;

  @Field(() => Int, { nullable: true, description: `Admitted aged 18 to 30 (inclusive) on the admission day. ${WITHHELD}` })
  admittedAge18to30!: number | null;

  @Field(() => Int, { nullable: true, description: `Memberships ended in the year by reason, in its subtree as it stood on the last day of membership; reinstated ones not counted. ${WITHHELD}` })
  removedStruckOff!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  removedExpelled!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  removedWithdrawn!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  removedDeceased!: number | null;

  @Field(() => Int, { nullable: true, description: WITHHELD })
  removedProbationNotRecognized!: number | null;

  @Field(() => Boolean, { description: 'Whether these are the frozen figures of a finalised year.' })
  finalized!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class EvaluationFactConnection extends Connection(EvaluationFact, 'EvaluationFact') {}

@ObjectType({
  description:
    'One page of evaluationFacts as CSV text for BI tools (RFC 4180, "\\n" line ends, UTF-8): the same rows, columns, order and cursors as evaluationFacts (apps/evaluation/FACTS.md). The first page (no `after`) starts with the header line, so the pages joined in order are one CSV file.',
  simpleResolvers: true,
})
export class EvaluationFactsCsvPage {
  @Field(() => [String], { description: "The columns of every line, in order: EvaluationFact's field names (the header line of the first page)." })
  columns!: string[];

  @Field(() => String, {
    description:
      'The rows of the page, one line each ending in "\\n", the header line first on the first page. Empty field: null. Text is quoted ("…", a quote doubled) only when it holds a comma, a quote or a line break; numbers are plain decimals (1.06), booleans true/false.',
  })
  csv!: string;

  @Field(() => Int, { description: 'Rows in `csv` (the header line not counted); may be fewer than `first` while `pageInfo.hasNextPage` is true.' })
  rowCount!: number;

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Organisations in the whole set (counted only when asked for: ask on the first page only).' })
  totalCount!: number;
}

@ObjectType({ description: 'A finalisation or reopening of a year for a subtree, as recorded (append-only).', simpleResolvers: true })
export class EvaluationFinalization {
  @Field(() => String, { description: 'FINALIZED or REOPENED.' })
  action!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Organization)
  organization!: Organization;

  @Field(() => String, { nullable: true })
  decisionRef!: string | null;

  @Field(() => String, { nullable: true, description: 'The note (finalisation) or the reason (reopening).' })
  note!: string | null;

  @Field(() => Int, { description: 'Organisations frozen (or unfrozen) by this action.' })
  organizations!: number;

  @Field(() => String)
  recordedBy!: string;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;
}

@InputType()
export class FinalizeEvaluationYearInput {
  @Field(() => Int)
  year!: number;

  @Field(() => ID, { description: "The organisation whose subtree (everything under it during the year) is finalised." })
  under!: string;

  @Field(() => String, { description: 'The decision approving the year\'s evaluation.' })
  decisionRef!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class ReopenEvaluationYearInput {
  @Field(() => Int)
  year!: number;

  @Field(() => ID, { description: 'An organisation finalised for the year: it and everything frozen under it is reopened.' })
  under!: string;

  @Field(() => String, { description: 'Why the year is reopened.' })
  reason!: string;
}

@ObjectType({ simpleResolvers: true })
export class EvaluationFinalizationPayload {
  @Field(() => EvaluationFinalization)
  finalization!: EvaluationFinalization;
}
