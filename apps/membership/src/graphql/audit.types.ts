import { Connection, DateTimeScalar } from '@party/subgraph-kit';
import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "A row of the membership subgraph's append-only, hash-chained audit log.", simpleResolvers: true })
export class AuditEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { nullable: true, description: 'The caller (token `sub`).' })
  actor!: string | null;

  @Field(() => [String])
  roles!: string[];

  @Field(() => String, { nullable: true })
  requestId!: string | null;

  @Field(() => String, { description: 'MUTATION, READ or DENIED.' })
  kind!: string;

  @Field(() => String, { nullable: true, description: "The client's operation name as the subgraph received it." })
  operation!: string | null;

  @Field(() => [ID], { description: 'Members and prospects the request returned (READ), changed (MUTATION) or was refused (DENIED).' })
  targetIds!: string[];

  @Field(() => [String], { description: 'Field categories read: IDENTITY, MEMBERSHIP, SENSITIVE, HISTORY, PROSPECT.' })
  categories!: string[];

  @Field(() => String, { description: 'OK or the error code.' })
  outcome!: string;

  @Field(() => String, { description: 'Details as JSON (root fields, error codes, paths and fields; never personal data).' })
  detail!: string;

  @Field(() => String, { description: 'sha256 of the previous row.' })
  prevHash!: string;

  @Field(() => String, { description: 'sha256 of prevHash and this row.' })
  hash!: string;
}

@ObjectType({ simpleResolvers: true })
export class AuditEntryConnection extends Connection(AuditEntry, 'AuditEntry') {}

@ArgsType()
export class AuditTrailArgs {
  @Field(() => ID, { description: 'A member (or prospect) id.' })
  memberId!: string;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}

@ArgsType()
export class AuditLogArgs {
  @Field(() => String, { nullable: true, description: 'Only rows of this caller (token `sub`).' })
  actor?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'From this instant on (inclusive).' })
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Before this instant (exclusive).' })
  to?: Date | null;

  @Field(() => Int, { nullable: true })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
