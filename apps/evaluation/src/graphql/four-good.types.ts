import { DateScalar, DateTimeScalar } from '@party/subgraph-kit';
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { QualityGrade, type QualityGradeName } from './rating.types';
import { Organization } from './types';

export const FOUR_GOOD_KINDS = ['GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL', 'CELL'] as const;

export const FOUR_GOOD_RESULTS = ['TITLE_GRANTED', 'NOT_GRANTED'] as const;
export type FourGoodResultName = (typeof FOUR_GOOD_RESULTS)[number];
export const FourGoodResult = Object.fromEntries(FOUR_GOOD_RESULTS.map((r) => [r, r])) as { [K in FourGoodResultName]: K };
registerEnumType(FourGoodResult, {
  name: 'FourGoodResult',
  description: 'TITLE_GRANTED: every criterion reached its pass threshold, the total reached the set\'s, and the quality grade (if the set requires one) is high enough. NOT_GRANTED: otherwise (see reasons).',
});

@ObjectType({ description: 'One criterion of a "4 good" criteria set.', simpleResolvers: true })
export class FourGoodCriterion {
  @Field(() => String, { description: 'Stable code, e.g. NHIEM_VU_CHINH_TRI.' })
  code!: string;

  @Field(() => String, { description: 'Name (Vietnamese).' })
  name!: string;

  @Field(() => Float)
  maxScore!: number;

  @Field(() => Float, { description: 'The lowest score that passes this criterion.' })
  passThreshold!: number;
}

@ObjectType({
  description:
    'A "4 good" criteria set: a province\'s (or the national default, used where a province has none), in force from `fromYear` until a later set of the same province supersedes it. Sets are never changed: a new one is recorded instead.',
  simpleResolvers: true,
})
export class FourGoodCriteriaSet {
  @Field(() => ID)
  id!: string;

  @Field(() => Organization, { nullable: true, description: 'The province; null for the national default.' })
  province!: Organization | null;

  @Field(() => Boolean, { description: 'Whether this is the national default.' })
  isDefault!: boolean;

  @Field(() => Int)
  fromYear!: number;

  @Field(() => String)
  name!: string;

  @Field(() => [FourGoodCriterion])
  criteria!: FourGoodCriterion[];

  @Field(() => Float, { description: 'The lowest total that passes.' })
  totalPassThreshold!: number;

  @Field(() => Float, { description: 'The sum of the criteria\'s maximum scores.' })
  maxTotal!: number;

  @Field(() => QualityGrade, { nullable: true, description: 'The lowest quality grade of the year that allows the title; null when the set does not require one.' })
  minimumGrade!: QualityGradeName | null;

  @Field(() => String)
  decisionRef!: string;

  @Field(() => String)
  recordedBy!: string;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;
}

@ObjectType({ description: 'A registration to strive for the "4 good" title in a year (đăng ký "4 tốt").', simpleResolvers: true })
export class FourGoodRegistration {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => Int)
  year!: number;

  @Field(() => DateScalar)
  registeredOn!: string;

  @Field(() => String, { description: 'The organisation\'s kind on the day it registered: GRASSROOTS_COMMITTEE, GRASSROOTS_CELL or CELL.' })
  kind!: string;

  @Field(() => String)
  decisionRef!: string;

  @Field(() => String)
  registeredBy!: string;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;
}

@ObjectType({ description: 'The score given for one criterion.', simpleResolvers: true })
export class FourGoodScore {
  @Field(() => String)
  criterion!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Float)
  score!: number;

  @Field(() => Float)
  maxScore!: number;

  @Field(() => Float)
  passThreshold!: number;

  @Field(() => Boolean, { description: 'score ≥ passThreshold.' })
  passed!: boolean;
}

@ObjectType({ description: 'A "4 good" assessment of a year: the scores, the result computed from the criteria set in force and the reasons when not granted.', simpleResolvers: true })
export class FourGoodAssessment {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: '1 for the first assessment of the year, +1 for each re-assessment (pass it as expectedVersion to re-assess).' })
  version!: number;

  @Field(() => [FourGoodScore], { description: 'In the order of the set\'s criteria.' })
  scores!: FourGoodScore[];

  @Field(() => Float)
  total!: number;

  @Field(() => FourGoodResult)
  result!: FourGoodResultName;

  @Field(() => [String], { description: 'Why the title was not granted (empty when granted).' })
  reasons!: string[];

  @Field(() => QualityGrade, { nullable: true, description: 'The organisation\'s quality grade for the year the result was based on (when the set requires a minimum grade).' })
  qualityGrade!: QualityGradeName | null;

  @Field(() => FourGoodCriteriaSet, { description: 'The criteria set the assessment was made under.' })
  criteriaSet!: FourGoodCriteriaSet;

  @Field(() => String)
  decisionRef!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String)
  assessedBy!: string;

  @Field(() => DateTimeScalar)
  assessedAt!: Date;
}

@ObjectType({ description: 'An organisation\'s "4 good" year: its registration, its assessment and the criteria used.', simpleResolvers: true })
export class FourGood {
  @Field(() => Organization)
  organization!: Organization;

  @Field(() => Int)
  year!: number;

  @Field(() => Organization, { nullable: true, description: 'The province the organisation sat under in the year (at its end, or when the organisation ceased in it); null if none.' })
  province!: Organization | null;

  @Field(() => FourGoodRegistration)
  registration!: FourGoodRegistration;

  @Field(() => FourGoodAssessment, { nullable: true, description: 'The assessment in force; null until assessed.' })
  assessment!: FourGoodAssessment | null;

  @Field(() => FourGoodCriteriaSet, { description: 'The criteria used: the assessment\'s set, or, before it is assessed, the set in force for the province and year.' })
  criteriaSet!: FourGoodCriteriaSet;

  /** (internal) For the history field. */
  organizationId!: string;
}

@ObjectType({ simpleResolvers: true })
export class FourGoodKindCount {
  @Field(() => String, { description: 'The organisations\' kind at the end of the year (or when they ceased in it).' })
  kind!: string;

  @Field(() => Int)
  registered!: number;

  @Field(() => Int)
  assessed!: number;

  @Field(() => Int)
  granted!: number;

  @Field(() => Int)
  notGranted!: number;
}

@ObjectType({
  description:
    'Registrations, assessments and titles of a year in a subtree (the organisation itself included), each organisation placed where it stood at the end of the year (or when it ceased in it); organisations of a finalised year where they stood when it was finalised.',
  simpleResolvers: true,
})
export class FourGoodSummary {
  @Field(() => Int)
  year!: number;

  @Field(() => Organization)
  organization!: Organization;

  @Field(() => Int)
  registered!: number;

  @Field(() => Int)
  assessed!: number;

  @Field(() => Int)
  granted!: number;

  @Field(() => Int)
  notGranted!: number;

  @Field(() => [FourGoodKindCount], { description: 'GRASSROOTS_COMMITTEE, GRASSROOTS_CELL and CELL always, then any other kind the registered organisations had at the end of the year.' })
  byKind!: FourGoodKindCount[];
}

// ---------------------------------------------------------------- inputs

@InputType()
export class FourGoodCriterionInput {
  @Field(() => String, { description: 'A-Z, 0-9 and _, starting with a letter, at most 30 characters; unique in the set.' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Float, { description: 'More than 0, at most 1,000, two decimals at most.' })
  maxScore!: number;

  @Field(() => Float, { description: 'From 0 to maxScore.' })
  passThreshold!: number;
}

@InputType()
export class SetFourGoodCriteriaInput {
  @Field(() => ID, { nullable: true, description: 'A PROVINCIAL organisation existing in fromYear; omit for the national default (administrators only).' })
  provinceId?: string | null;

  @Field(() => Int, { description: 'The first year the set applies to.' })
  fromYear!: number;

  @Field(() => String, { nullable: true, description: 'Defaults to a name made from the province and year.' })
  name?: string | null;

  @Field(() => [FourGoodCriterionInput], { description: '1 to 20 criteria, scored in this order.' })
  criteria!: FourGoodCriterionInput[];

  @Field(() => Float, { description: 'The lowest total that passes: from 0 to the sum of the maximum scores.' })
  totalPassThreshold!: number;

  @Field(() => QualityGrade, { nullable: true, description: 'The lowest quality grade of the year that allows the title; omit for none.' })
  minimumGrade?: QualityGradeName | null;

  @Field(() => String)
  decisionRef!: string;
}

@InputType()
export class RegisterFourGoodInput {
  @Field(() => ID, { description: 'A GRASSROOTS_COMMITTEE, GRASSROOTS_CELL or CELL existing on registeredOn.' })
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => DateScalar, { description: 'A day of the year, not in the future.' })
  registeredOn!: string;

  @Field(() => String)
  decisionRef!: string;

  @Field(() => String, { nullable: true, description: 'A retry with the same key and input returns the first answer.' })
  idempotencyKey?: string | null;
}

@InputType()
export class FourGoodScoreInput {
  @Field(() => String, { description: 'A criterion code of the set in force.' })
  criterion!: string;

  @Field(() => Float, { description: 'From 0 to the criterion\'s maximum, two decimals at most.' })
  score!: number;
}

@InputType()
export class AssessFourGoodInput {
  @Field(() => ID, { description: 'An organisation registered for "4 good" in the year.' })
  organizationId!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => [FourGoodScoreInput], { description: 'Every criterion of the set in force, each once.' })
  scores!: FourGoodScoreInput[];

  @Field(() => String)
  decisionRef!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;

  @Field(() => Int, { nullable: true, description: 'The version of the assessment being replaced (0: none yet); refused with CONFLICT when it is no longer the one in force.' })
  expectedVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'A retry with the same key and input returns the first answer.' })
  idempotencyKey?: string | null;
}

@ObjectType({ simpleResolvers: true })
export class SetFourGoodCriteriaPayload {
  @Field(() => FourGoodCriteriaSet)
  criteriaSet!: FourGoodCriteriaSet;
}

@ObjectType({ simpleResolvers: true })
export class RegisterFourGoodPayload {
  @Field(() => FourGoodRegistration)
  registration!: FourGoodRegistration;
}

@ObjectType({ simpleResolvers: true })
export class AssessFourGoodPayload {
  @Field(() => FourGoodAssessment)
  assessment!: FourGoodAssessment;
}
