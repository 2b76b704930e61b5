import { DateScalar, DateTimeScalar } from '@party/subgraph-kit';
import { Directive, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Organization } from './types';

export const QUALITY_GRADES = ['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'] as const;
export type QualityGradeName = (typeof QUALITY_GRADES)[number];
export const QualityGrade = Object.fromEntries(QUALITY_GRADES.map((g) => [g, g])) as { [K in QualityGradeName]: K };
registerEnumType(QualityGrade, {
  name: 'QualityGrade',
  description: 'Yearly quality grade: hoàn thành xuất sắc, tốt, hoàn thành, không hoàn thành nhiệm vụ.',
});

export const RULE_SET_KINDS = ['CAP_OF_GOOD', 'SCORE_100'] as const;
export type RuleSetKindName = (typeof RULE_SET_KINDS)[number];
export const RuleSetKind = Object.fromEntries(RULE_SET_KINDS.map((k) => [k, k])) as { [K in RuleSetKindName]: K };
registerEnumType(RuleSetKind, {
  name: 'RuleSetKind',
  description: 'CAP_OF_GOOD: grades given directly, EXCELLENT capped at a share of GOOD within a group (124-QĐ/TW). SCORE_100: the grade follows from a 100-point score (366-QĐ/TW).',
});

/** The membership subgraph's member, referred to by id. */
@ObjectType({ simpleResolvers: true })
@Directive('@key(fields: "id")')
export class Member {
  @Field(() => ID)
  id!: string;

  static ref(id: string): Member {
    return Object.assign(new Member(), { id });
  }
}

@ObjectType({ description: 'A versioned set of rating rules; the one in force for a year is the latest effective on or before its 31 December.', simpleResolvers: true })
export class RuleSet {
  @Field(() => String)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => DateScalar)
  effectiveFrom!: string;

  @Field(() => RuleSetKind)
  kind!: RuleSetKindName;
}

@ObjectType()
abstract class Rating {
  @Field(() => Int)
  year!: number;

  @Field(() => QualityGrade)
  grade!: QualityGradeName;

  @Field(() => Float, { nullable: true, description: 'The 100-point score (SCORE_100 rule sets).' })
  score!: number | null;

  @Field(() => Boolean, { nullable: true })
  allTasksDone!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  disciplined!: boolean | null;

  @Field(() => RuleSet)
  ruleSet!: RuleSet;

  @Field(() => String, { description: 'How the grade was arrived at: given, or derived from the score, and any rule that limited it.' })
  gradeBasis!: string;

  @Field(() => String)
  decisionRef!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String)
  ratedBy!: string;

  @Field(() => DateTimeScalar)
  ratedAt!: Date;
}

@ObjectType({ description: "An organisation's quality rating for a year (the one in force: a re-rating replaces it, every rating given is kept).", simpleResolvers: true })
export class OrganizationRating extends Rating {
  @Field(() => Organization, { description: 'As it stood at the end of the year (or when it ceased in it).' })
  organization!: Organization;

  @Field(() => String, { description: 'The group of similar units the organisation is rated within (the 20 % cap of 124-QĐ/TW applies per group and year).' })
  peerGroup!: string;
}

@ObjectType({ description: "A member's quality rating for a year.", simpleResolvers: true })
export class MemberRating extends Rating {
  @Field(() => Member)
  member!: Member;

  @Field(() => Organization, { description: "The member's cell on the year's 31 December." })
  organization!: Organization;
}

@ObjectType({ simpleResolvers: true })
export class GradeCount {
  @Field(() => QualityGrade)
  grade!: QualityGradeName;

  @Field(() => Int)
  count!: number;
}

@InputType()
abstract class RatingInput {
  @Field(() => Int)
  year!: number;

  @Field(() => QualityGrade, { nullable: true, description: 'Required under CAP_OF_GOOD rules; under SCORE_100 derived from the score (if given, it must agree).' })
  grade?: QualityGradeName | null;

  @Field(() => Float, { nullable: true, description: '0–100, required under SCORE_100 rules.' })
  score?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Required under SCORE_100 rules.' })
  allTasksDone?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether disciplined in the year; required under SCORE_100 rules.' })
  disciplined?: boolean | null;

  @Field(() => String)
  decisionRef!: string;

  @Field(() => String, { nullable: true })
  note?: string | null;
}

@InputType()
export class RateOrganizationInput extends RatingInput {
  @Field(() => ID, { description: 'An organisation that existed in the year.' })
  organizationId!: string;

  @Field(() => String, { description: 'The group of similar units it is rated within, e.g. "COMMUNE-2023".' })
  peerGroup!: string;
}

@InputType()
export class RateMemberInput extends RatingInput {
  @Field(() => ID, { description: 'A member on the year\'s 31 December, not exempted from activity.' })
  memberId!: string;
}

@ObjectType({ simpleResolvers: true })
export class RateOrganizationPayload {
  @Field(() => OrganizationRating)
  rating!: OrganizationRating;
}

@ObjectType({ simpleResolvers: true })
export class RateMemberPayload {
  @Field(() => MemberRating)
  rating!: MemberRating;
}
