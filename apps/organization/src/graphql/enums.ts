import { registerEnumType } from 'type-graphql';
import { ORGANIZATION_KINDS, SECTORS, type OrganizationKind, type Sector } from '../domain/kinds';
import { CHANGE_TYPES, type ChangeType } from '../entities/organization-change.entity';

const asEnum = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const OrganizationKindEnum = asEnum<OrganizationKind>(ORGANIZATION_KINDS);
export const SectorEnum = asEnum<Sector>(SECTORS);
export const OrganizationChangeTypeEnum = asEnum<ChangeType>(CHANGE_TYPES);

registerEnumType(OrganizationKindEnum, {
  name: 'OrganizationKind',
  description: 'Kind of party organisation: CENTRAL, PROVINCIAL, DISTRICT, COMMUNE, AFFILIATED (directly under the province), GRASSROOTS_COMMITTEE and GRASSROOTS_CELL (grassroots organisations), SUB_COMMITTEE, CELL.',
});
registerEnumType(SectorEnum, { name: 'Sector', description: 'Where an organisation works.' });
registerEnumType(OrganizationChangeTypeEnum, { name: 'OrganizationChangeType', description: 'What a recorded decision did to the tree.' });
