import { graphql } from 'graphql';
import { Arg, Directive, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { buildFederatedSchema, printFederatedSchema } from '../src';

// How a subgraph extends another's entity: a stub with the key only, plus its own entity.
@ObjectType('Organization')
@Directive('@key(fields: "id", resolvable: false)')
class OrganizationStub {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
@Directive('@key(fields: "id")')
class Member {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  fullName!: string;

  @Field(() => OrganizationStub)
  organization!: OrganizationStub;
}

const members: Member[] = [{ id: 'm1', fullName: 'Nguyễn Văn A', organization: { id: 'o1' } }];

@Resolver(() => Member)
class MemberResolver {
  @Query(() => Member, { nullable: true })
  member(@Arg('id', () => ID) id: string) {
    return members.find((m) => m.id === id) ?? null;
  }
}

const build = () =>
  buildFederatedSchema(
    { resolvers: [MemberResolver], validate: false },
    { Member: { __resolveReference: (ref: { id: string }, ctx: { seen: string[] }) => (ctx.seen.push(ref.id), members.find((m) => m.id === ref.id) ?? null) } },
  );

test('prints a Federation 2 subgraph: @link, keys, the entity stub', async () => {
  const sdl = printFederatedSchema(await build());
  expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
  expect(sdl).toMatch(/type Member\s+@key\(fields: "id"\)/);
  expect(sdl).toMatch(/type Organization\s+@key\(fields: "id", resolvable: false\)/);
});

test('__resolveReference is merged in: _entities resolves members through it, with the request context', async () => {
  const schema = await build();
  const ctx = { seen: [] as string[] };
  const result = await graphql({
    schema,
    source: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Member { id fullName organization { id } } } }`,
    variableValues: { r: [{ __typename: 'Member', id: 'm1' }, { __typename: 'Member', id: 'nobody' }] },
    contextValue: ctx,
  });
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({ _entities: [{ id: 'm1', fullName: 'Nguyễn Văn A', organization: { id: 'o1' } }, null] });
  expect(ctx.seen).toEqual(['m1', 'nobody']);
});
