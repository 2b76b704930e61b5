/** Organisation kinds (shared/domain.md, "The organisation hierarchy"). */
export const ORGANIZATION_KINDS = [
  'CENTRAL',
  'PROVINCIAL',
  'DISTRICT',
  'COMMUNE',
  'AFFILIATED',
  'GRASSROOTS_COMMITTEE',
  'GRASSROOTS_CELL',
  'SUB_COMMITTEE',
  'CELL',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const SECTORS = [
  'COMMUNE',
  'WARD',
  'STATE_AGENCY',
  'PUBLIC_SERVICE_UNIT',
  'STATE_ENTERPRISE',
  'NON_STATE_ENTERPRISE',
  'ARMED_FORCES',
  'SCHOOL',
  'RESIDENTIAL_AREA',
] as const;
export type Sector = (typeof SECTORS)[number];

/**
 * Which kinds may sit directly under which; `null` means "may be a root".
 * Before 2025-07-01 communes sat under districts; after it, directly under the province.
 */
export const ALLOWED_PARENTS: Record<OrganizationKind, ReadonlyArray<OrganizationKind | null>> = {
  CENTRAL: [null],
  PROVINCIAL: [null, 'CENTRAL'],
  DISTRICT: ['PROVINCIAL'],
  COMMUNE: ['PROVINCIAL', 'DISTRICT'],
  AFFILIATED: ['CENTRAL', 'PROVINCIAL'],
  GRASSROOTS_COMMITTEE: ['PROVINCIAL', 'DISTRICT', 'COMMUNE', 'AFFILIATED'],
  GRASSROOTS_CELL: ['PROVINCIAL', 'DISTRICT', 'COMMUNE', 'AFFILIATED'],
  SUB_COMMITTEE: ['GRASSROOTS_COMMITTEE'],
  CELL: ['GRASSROOTS_COMMITTEE', 'SUB_COMMITTEE'],
};

/** Grassroots party organisations (TCCSĐ). */
export const GRASSROOTS_KINDS: ReadonlySet<OrganizationKind> = new Set(['GRASSROOTS_COMMITTEE', 'GRASSROOTS_CELL']);

/** Level of a kind: upgrades raise it, downgrades lower it. Kinds of one level can be merged together. */
export const KIND_LEVEL: Record<OrganizationKind, number> = {
  CELL: 1,
  SUB_COMMITTEE: 2,
  GRASSROOTS_CELL: 3,
  GRASSROOTS_COMMITTEE: 4,
  COMMUNE: 5,
  DISTRICT: 5,
  AFFILIATED: 5,
  PROVINCIAL: 6,
  CENTRAL: 7,
};

export function mayHaveParent(kind: OrganizationKind, parentKind: OrganizationKind | null): boolean {
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

export function describeAllowedParents(kind: OrganizationKind): string {
  const names = ALLOWED_PARENTS[kind].map((k) => (k === null ? 'no parent (a root)' : k));
  return names.join(' or ');
}

/** Grassroots cells and committees are one family for merges; otherwise kinds must be equal. */
export function mergeable(a: OrganizationKind, b: OrganizationKind): boolean {
  if (a === b) return true;
  return GRASSROOTS_KINDS.has(a) && GRASSROOTS_KINDS.has(b);
}

export type KindChange = 'UPGRADE' | 'DOWNGRADE';

/** Whether going from one kind to another is an upgrade or a downgrade; null when it is neither. */
export function kindChange(from: OrganizationKind, to: OrganizationKind): KindChange | null {
  if (KIND_LEVEL[to] > KIND_LEVEL[from]) return 'UPGRADE';
  if (KIND_LEVEL[to] < KIND_LEVEL[from]) return 'DOWNGRADE';
  return null;
}
