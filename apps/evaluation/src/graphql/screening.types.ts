import { Field, Int, ObjectType } from 'type-graphql';
import { WITHHELD } from './types';

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

  @Field(() => Int, { nullable: true, description: `Struck off the register (xóa tên). ${WITHHELD}` })
  struckOff!: number | null;

  @Field(() => Int, { nullable: true, description: `Expelled (khai trừ). ${WITHHELD}` })
  expelled!: number | null;

  @Field(() => Int, { nullable: true, description: `Withdrew from the party (xin ra khỏi Đảng). ${WITHHELD}` })
  withdrawn!: number | null;

  @Field(() => Int, { nullable: true, description: `Died. ${WITHHELD}` })
  deceased!: number | null;

  @Field(() => Int, { nullable: true, description: `Probationary members not recognised as official (không công nhận đảng viên chính thức). ${WITHHELD}` })
  probationNotRecognized!: number | null;

  @Field(() => Int, { nullable: true, description: `All removals in the year: the sum of the reasons (reinstated ones included). ${WITHHELD}` })
  total!: number | null;

  @Field(() => Int, { nullable: true, description: `Of \`total\`, how many have since been reinstated (the removal was found wrongful), as known today. ${WITHHELD}` })
  reinstated!: number | null;
}
