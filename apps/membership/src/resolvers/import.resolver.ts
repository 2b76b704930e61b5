import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { MemberContext } from '../context';
import { ImportMembersInput, MemberImportReport } from '../graphql/import.types';
import { importMembersFromGraphql } from '../services/member-import.service';

@Resolver()
export class MemberImportResolver {
  @Mutation(() => MemberImportReport, {
    description:
      'Imports members with their admission, recognition and exit from a CSV or XLSX file (README, "Bulk import"): every row validated, every problem reported by line and column; nothing imported from a file with problems unless goodRowsOnly; rows of members already registered with the same data are unchanged. Officers and administrators; every row\'s cell in your organisations on its admission day.',
  })
  importMembers(@Ctx() ctx: MemberContext, @Arg('input', () => ImportMembersInput) input: ImportMembersInput): Promise<MemberImportReport> {
    return importMembersFromGraphql(ctx, input);
  }
}
