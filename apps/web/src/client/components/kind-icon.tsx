import type { OrganizationKind } from '../tree/tree-model';

/** A short badge per kind of organisation (decorative: the kind is also given in words). */
const BADGE: Record<OrganizationKind, { text: string; className: string }> = {
  CENTRAL: { text: 'TW', className: 'kind-central' },
  PROVINCIAL: { text: 'T', className: 'kind-provincial' },
  DISTRICT: { text: 'H', className: 'kind-district' },
  COMMUNE: { text: 'X', className: 'kind-commune' },
  AFFILIATED: { text: 'TT', className: 'kind-affiliated' },
  GRASSROOTS_COMMITTEE: { text: 'CS', className: 'kind-grassroots' },
  GRASSROOTS_CELL: { text: 'CB', className: 'kind-grassroots-cell' },
  SUB_COMMITTEE: { text: 'BP', className: 'kind-sub' },
  CELL: { text: 'cb', className: 'kind-cell' },
};

export function KindIcon({ kind }: { kind: OrganizationKind }) {
  const b = BADGE[kind] ?? { text: '?', className: '' };
  return (
    <span className={`kind-icon ${b.className}`} aria-hidden="true" data-kind={kind}>
      {b.text}
    </span>
  );
}
