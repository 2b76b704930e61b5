import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'Screening (Directive 28-CT/TW): members removed in a year in the subtree of an organisation, by reason. ' +
    "A removal is counted in the year of its effective date, under the organisation whose subtree held the member's cell on the member's last day of membership (the tree as it stood then, not as it stands now). " +
    'A removal later reinstated (found wrongful) still counts in its year and in its reason; `reinstated` says how many of them were.',
  simpleResolvers: true,
})
export class RemovalStats {
  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: 'Struck off the register (xóa tên).' })
  struckOff!: number;

  @Field(() => Int, { description: 'Expelled (khai trừ).' })
  expelled!: number;

  @Field(() => Int, { description: 'Withdrew from the party (xin ra khỏi Đảng).' })
  withdrawn!: number;

  @Field(() => Int, { description: 'Died.' })
  deceased!: number;

  @Field(() => Int, { description: 'Probationary members not recognised as official (không công nhận đảng viên chính thức).' })
  probationNotRecognized!: number;

  @Field(() => Int, { description: 'All removals in the year: the sum of the reasons (reinstated ones included).' })
  total!: number;

  @Field(() => Int, { description: 'Of `total`, how many have since been reinstated (the removal was found wrongful), as known today.' })
  reinstated!: number;
}
