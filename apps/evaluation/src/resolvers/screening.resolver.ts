import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { EvalContext } from '../context';
import { RemovalStats } from '../graphql/screening.types';
import { Organization } from '../graphql/types';
import * as screening from '../services/screening.service';

@Resolver(() => Organization)
export class OrganizationScreeningResolver {
  @FieldResolver(() => RemovalStats, {
    description:
      "Screening (Directive 28-CT/TW): members removed in the year in this organisation's subtree as it stood on each member's last day of membership, by reason. Removals later reinstated still count in their year; `reinstated` says how many.",
  })
  removals(@Root() org: Organization, @Ctx() ctx: EvalContext, @Arg('year', () => Int) year: number) {
    return screening.removals(ctx, org, year);
  }
}
