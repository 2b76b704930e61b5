import { DateScalar } from '@party/subgraph-kit';
import { Field, InputType, Int, ObjectType } from 'type-graphql';

@InputType({ description: 'An organisation register file (CSV or XLSX in the documented column layout) to import.' })
export class ImportOrganizationsInput {
  @Field(() => String, { description: 'The file name; its extension (.csv, .xlsx) says the format.' })
  fileName!: string;

  @Field(() => String, { description: "The file's bytes, base64-encoded. Through the gateway a request is at most 1 MB (`REQUEST_MAX_BYTES`): bigger files go through `npm run import -- organizations <file>`." })
  contentBase64!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Import the rows without problems (and not under a row with problems) and report the others; by default nothing is imported from a file with problems.' })
  goodRowsOnly!: boolean;

  @Field(() => Boolean, { defaultValue: false, description: 'Validate only: the report, nothing written.' })
  dryRun!: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'Establishment day of rows whose establishedOn cell is empty (the column may then be left out).' })
  establishedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Decision reference of rows whose decisionRef cell is empty (the column may then be left out).' })
  decisionRef?: string | null;
}

@ObjectType({ description: 'A problem of one row (or of the header) of an imported organisation file.', simpleResolvers: true })
export class OrganizationImportProblem {
  @Field(() => Int, { description: 'The line as a spreadsheet shows it: the header is line 1.' })
  line!: number;

  @Field(() => String, { nullable: true, description: 'The column of the layout (e.g. `parentCode`); null when the problem is the whole row or file.' })
  column!: string | null;

  @Field(() => String)
  reason!: string;
}

@ObjectType({ description: 'What an organisation import found and did.', simpleResolvers: true })
export class OrganizationImportReport {
  @Field(() => Int, { description: 'Data rows in the file (the header and empty rows not counted).' })
  totalRows!: number;

  @Field(() => Int, { description: 'Rows without problems: created (or, in a dry run or a refused file, to be created) plus unchanged.' })
  validRows!: number;

  @Field(() => Int, { description: 'Organisations created.' })
  created!: number;

  @Field(() => Int, { description: 'Rows describing an organisation already there with the same data: nothing written.' })
  unchanged!: number;

  @Field(() => Boolean, { description: 'Whether the valid rows were written: false for a dry run, and for a file with problems unless goodRowsOnly.' })
  imported!: boolean;

  @Field(() => [OrganizationImportProblem], { description: 'Every problem, by line.' })
  problems!: OrganizationImportProblem[];

  @Field(() => [String], { description: 'Columns of the file that are not part of the layout: ignored.' })
  ignoredColumns!: string[];
}
