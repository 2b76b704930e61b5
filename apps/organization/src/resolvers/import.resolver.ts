import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { OrgContext } from '../context';
import { ImportOrganizationsInput, OrganizationImportReport } from '../graphql/import.types';
import { importOrganizationsFromGraphql } from '../services/organization-import.service';

@Resolver()
export class OrganizationImportResolver {
  @Mutation(() => OrganizationImportReport, {
    description:
      'Imports organisations from a CSV or XLSX file (README, "Bulk import"): every row checked with createOrganization\'s rules, every problem reported by line and column; nothing imported from a file with problems unless goodRowsOnly; rows of organisations already there with the same data are unchanged. Officers and administrators; every row\'s parent in your organisations on its establishment day.',
  })
  importOrganizations(@Ctx() ctx: OrgContext, @Arg('input', () => ImportOrganizationsInput) input: ImportOrganizationsInput): Promise<OrganizationImportReport> {
    return importOrganizationsFromGraphql(ctx, input);
  }
}
