import { Field, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'A member register file (CSV or XLSX in the documented column layout) to import.' })
export class ImportMembersInput {
  @Field(() => String, { description: 'The file name; its extension (.csv, .xlsx) says the format.' })
  fileName!: string;

  @Field(() => String, { description: "The file's bytes, base64-encoded. Through the gateway a request is at most 1 MB (`REQUEST_MAX_BYTES`): bigger files go through `npm run import -- members <file>`." })
  contentBase64!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Import the rows without problems and report the others; by default nothing is imported from a file with problems.' })
  goodRowsOnly!: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'Validate only: the report, nothing written.' })
  dryRun!: boolean;
}

@ObjectType({ description: 'A problem of one row (or of the header, line 1) of an imported file.', simpleResolvers: true })
export class MemberImportProblem {
  @Field(() => Int, { description: 'The line as a spreadsheet shows it: the header is line 1.' })
  line!: number;

  @Field(() => String, { nullable: true, description: 'The column of the layout (e.g. `citizenId`); null when the problem is the whole row.' })
  column!: string | null;

  @Field(() => String)
  reason!: string;
}

@ObjectType({ description: 'What an import found and did.', simpleResolvers: true })
export class MemberImportReport {
  @Field(() => Int, { description: 'Data rows in the file (the header and empty rows not counted).' })
  totalRows!: number;

  @Field(() => Int, { description: 'Rows without problems: created (or, in a dry run or a refused file, to be created) plus unchanged.' })
  validRows!: number;

  @Field(() => Int, { description: 'Members created.' })
  created!: number;

  @Field(() => Int, { description: 'Rows describing a member already registered with the same data: nothing written.' })
  unchanged!: number;

  @Field(() => Boolean, { description: 'Whether the valid rows were written: false for a dry run, and for a file with problems unless goodRowsOnly.' })
  imported!: boolean;

  @Field(() => [MemberImportProblem], { description: 'Every problem, by line.' })
  problems!: MemberImportProblem[];

  @Field(() => [String], { description: 'Columns of the file that are not part of the layout: ignored.' })
  ignoredColumns!: string[];
}
