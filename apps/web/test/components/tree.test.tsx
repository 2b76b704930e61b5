import { MockedProvider, type MockedResponse } from '@apollo/client/testing';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { createCache } from '../../src/client/apollo';
import { ORGANIZATION_CHILDREN, ORGANIZATION_ROOTS, SEARCH_ORGANIZATIONS } from '../../src/client/graphql/operations';
import { I18nProvider } from '../../src/client/i18n/i18n';
import { TreeExplorer } from '../../src/client/tree/tree-explorer';
import { flattenTree, keyAction, type ChildrenState, type TreeAction, type TreeNodeData } from '../../src/client/tree/tree-model';
import { ROW_HEIGHT, TreeView } from '../../src/client/tree/tree-view';

const node = (id: string, name: string, childCount = 0, kind: TreeNodeData['kind'] = 'CELL', memberCount = 0): TreeNodeData => ({
  __typename: 'Organization',
  id,
  asOf: '2024-12-31',
  code: id.toUpperCase(),
  name,
  kind,
  memberCount,
  childCount: { __typename: 'OrganizationConnection', totalCount: childCount },
  admissionTarget: null,
} as TreeNodeData);

const loaded = (nodes: TreeNodeData[], totalCount = nodes.length): ChildrenState => ({ nodes, totalCount, hasNextPage: totalCount > nodes.length, loading: false, error: null });

describe('flattenTree', () => {
  test('lists the roots and the loaded children of expanded nodes, with level, set size and position', () => {
    const roots = [node('p', 'Province', 2, 'PROVINCIAL'), node('k', 'Other province', 1, 'PROVINCIAL')];
    const children = new Map([['p', loaded([node('d1', 'District 1', 1, 'DISTRICT'), node('d2', 'District 2', 0, 'DISTRICT')])], ['d1', loaded([node('c1', 'Cell 1')], 3)]]);
    const rows = flattenTree(roots, children, new Set(['p', 'd1']));
    expect(rows.map((r) => (r.type === 'node' ? `${r.node.id}@${r.level} ${r.posInSet}/${r.setSize}${r.expandable ? (r.expanded ? ' open' : ' closed') : ''}` : `more:${r.parentId}@${r.level} ${r.remaining}`))).toEqual([
      'p@1 1/2 open',
      'd1@2 1/2 open',
      'c1@3 1/3',
      'more:d1@3 2',
      'd2@2 2/2',
      'k@1 2/2 closed',
    ]);
  });

  test('an expanded node whose children are not loaded yet shows a loading row', () => {
    const rows = flattenTree([node('p', 'Province', 5, 'PROVINCIAL')], new Map(), new Set(['p']));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ type: 'more', parentId: 'p', loading: true, remaining: 5 });
  });
});

describe('keyAction (WAI-ARIA tree keys)', () => {
  const rows = flattenTree([node('p', 'Province', 2, 'PROVINCIAL'), node('k', 'Other', 1, 'PROVINCIAL')], new Map([['p', loaded([node('a', 'A', 1, 'DISTRICT'), node('b', 'B', 2, 'DISTRICT')])]]), new Set(['p']));
  test.each<[string, number, TreeAction]>([
    ['ArrowDown', 0, { type: 'focus', index: 1 }],
    ['ArrowDown', 3, { type: 'none' }],
    ['ArrowUp', 2, { type: 'focus', index: 1 }],
    ['ArrowUp', 0, { type: 'none' }],
    ['Home', 2, { type: 'focus', index: 0 }],
    ['End', 0, { type: 'focus', index: 3 }],
    ['ArrowRight', 0, { type: 'focus', index: 1 }],
    ['ArrowRight', 1, { type: 'expand', id: 'a' }],
    ['ArrowRight', 3, { type: 'expand', id: 'k' }],
    ['ArrowLeft', 0, { type: 'collapse', id: 'p' }],
    ['ArrowLeft', 2, { type: 'focus', index: 0 }],
    ['ArrowLeft', 3, { type: 'none' }],
    ['Enter', 2, { type: 'select', id: 'b' }],
    [' ', 1, { type: 'select', id: 'a' }],
    ['*', 1, { type: 'expandSiblings', ids: ['a', 'b'] }],
    ['x', 1, { type: 'none' }],
  ])('%s on row %i', (key, index, action) => {
    expect(keyAction(rows, index, key)).toEqual(action);
  });
});

/** The tree view with its state held as the explorer holds it, children known up front. */
function Harness({ roots, all, onSelect }: { roots: TreeNodeData[]; all: Record<string, TreeNodeData[]>; onSelect: (id: string) => void }) {
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [active, setActive] = useState(0);
  const children = new Map(Object.entries(all).map(([id, nodes]) => [id, loaded(nodes)]));
  const rows = flattenTree(roots, children, expanded);
  return (
    <I18nProvider locale="en">
      <TreeView
        rows={rows}
        activeIndex={active}
        selectedId={null}
        label="Committee tree"
        height={340}
        onActiveChange={setActive}
        onAction={(a) => {
          if (a.type === 'expand') setExpanded((s) => new Set(s).add(a.id));
          if (a.type === 'collapse')
            setExpanded((s) => {
              const n = new Set(s);
              n.delete(a.id);
              return n;
            });
          if (a.type === 'expandSiblings') setExpanded((s) => new Set([...s, ...a.ids]));
          if (a.type === 'select') onSelect(a.id);
        }}
      />
    </I18nProvider>
  );
}

const activeName = () => {
  const tree = screen.getByRole('tree');
  const id = tree.getAttribute('aria-activedescendant');
  return id ? document.getElementById(id)?.querySelector('.tree-name')?.textContent : null;
};

describe('TreeView', () => {
  test('keyboard: moves, opens, enters, goes back to the parent, closes and selects, with ARIA states', () => {
    const onSelect = jest.fn();
    render(
      <Harness
        roots={[node('p', 'Ninh Thuận', 2, 'PROVINCIAL', 305), node('k', 'Khánh Hòa', 0, 'PROVINCIAL')]}
        all={{ p: [node('nh', 'Ninh Hải', 1, 'DISTRICT', 63), node('pr', 'Phan Rang', 0, 'DISTRICT')], nh: [node('kh', 'Khánh Hải', 0, 'GRASSROOTS_COMMITTEE')] }}
        onSelect={onSelect}
      />,
    );
    const tree = screen.getByRole('tree', { name: 'Committee tree' });
    expect(screen.getAllByRole('treeitem')).toHaveLength(2);
    const province = screen.getByRole('treeitem', { name: /Ninh Thuận/ });
    expect(province).toHaveAttribute('aria-expanded', 'false');
    expect(province).toHaveAttribute('aria-level', '1');
    expect(province).toHaveAttribute('aria-setsize', '2');
    expect(province).toHaveTextContent('305 members');
    expect(screen.getByRole('treeitem', { name: /Khánh Hòa/ })).not.toHaveAttribute('aria-expanded');
    expect(activeName()).toBe('Ninh Thuận');

    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    expect(province).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getAllByRole('treeitem')).toHaveLength(4);
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    expect(activeName()).toBe('Ninh Hải');
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    expect(activeName()).toBe('Khánh Hải');
    expect(screen.getByRole('treeitem', { name: /Khánh Hải/ })).toHaveAttribute('aria-level', '3');
    fireEvent.keyDown(tree, { key: 'ArrowLeft' });
    expect(activeName()).toBe('Ninh Hải');
    fireEvent.keyDown(tree, { key: 'ArrowLeft' });
    expect(screen.queryByRole('treeitem', { name: /Khánh Hải/ })).toBeNull();
    fireEvent.keyDown(tree, { key: 'End' });
    expect(activeName()).toBe('Khánh Hòa');
    fireEvent.keyDown(tree, { key: 'Home' });
    fireEvent.keyDown(tree, { key: 'ArrowDown' });
    fireEvent.keyDown(tree, { key: 'Enter' });
    expect(onSelect).toHaveBeenCalledWith('nh');
  });

  test('an organisation with 2,000 children renders only the rows in view', () => {
    const many = Array.from({ length: 2000 }, (_, i) => node(`c${i}`, `Cell ${String(i).padStart(4, '0')}`));
    render(<Harness roots={[node('p', 'Big committee', 2000, 'GRASSROOTS_COMMITTEE')]} all={{ p: many }} onSelect={() => undefined} />);
    const tree = screen.getByRole('tree');
    fireEvent.keyDown(tree, { key: 'ArrowRight' });
    const rendered = screen.getAllByRole('treeitem');
    // 340 px of viewport / ROW_HEIGHT (46 px) a row, plus the overscan of 12: never the 2,001 rows.
    expect(rendered.length).toBe(Math.ceil(340 / ROW_HEIGHT) + 12);
    const inner = tree.firstElementChild as HTMLElement;
    expect(inner.style.height).toBe(`${2001 * ROW_HEIGHT}px`);
    expect(screen.getByRole('treeitem', { name: /Cell 0000/ })).toHaveAttribute('aria-setsize', '2000');
    fireEvent.keyDown(tree, { key: 'End' });
    expect(tree.getAttribute('aria-activedescendant')).toBe('treeitem-c1999');
  });
});

describe('TreeExplorer (Apollo cache)', () => {
  const roots = [node('p', 'Đảng bộ tỉnh Ninh Thuận', 1, 'PROVINCIAL', 305)];
  const district = node('nh', 'Đảng bộ huyện Ninh Hải', 1, 'DISTRICT', 63);
  const commune = node('kh', 'Đảng bộ thị trấn Khánh Hải', 0, 'GRASSROOTS_COMMITTEE', 20);
  const page = (id: string, nodes: TreeNodeData[]) => ({
    organization: {
      __typename: 'Organization',
      id,
      asOf: '2024-12-31',
      children: {
        __typename: 'OrganizationConnection',
        totalCount: nodes.length,
        pageInfo: { __typename: 'PageInfo', hasNextPage: false, endCursor: nodes.length ? `cur-${nodes.length}` : null },
        edges: nodes.map((n, i) => ({ __typename: 'OrganizationEdge', cursor: `cur-${i + 1}`, node: n })),
      },
    },
  });
  const mocks: MockedResponse[] = [
    { request: { query: ORGANIZATION_ROOTS, variables: { asOf: '2024-12-31', year: 2024 } }, result: { data: { organizationRoots: roots } } },
    { request: { query: ORGANIZATION_CHILDREN, variables: { id: 'p', asOf: '2024-12-31', year: 2024, first: 200 } }, result: { data: page('p', [district]) } },
    { request: { query: ORGANIZATION_CHILDREN, variables: { id: 'nh', asOf: '2024-12-31', year: 2024, first: 200 } }, result: { data: page('nh', [commune]) } },
    {
      request: { query: SEARCH_ORGANIZATIONS, variables: { text: 'khanh hai', asOf: '2024-12-31', first: 15 } },
      result: {
        data: {
          searchOrganizations: [
            { __typename: 'Organization', id: 'kh', asOf: '2024-12-31', code: 'KH', name: commune.name, kind: commune.kind, ancestors: [
              { __typename: 'Organization', id: 'p', asOf: '2024-12-31', name: roots[0]!.name },
              { __typename: 'Organization', id: 'nh', asOf: '2024-12-31', name: district.name },
            ] },
          ],
        },
      },
    },
  ];

  test('loads children lazily when a node opens, for the as-of day', async () => {
    const onSelect = jest.fn();
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <I18nProvider locale="en">
          <TreeExplorer asOf="2024-12-31" selectedId={null} onSelect={onSelect} height={340} />
        </I18nProvider>
      </MockedProvider>,
    );
    const province = await screen.findByRole('treeitem', { name: /Ninh Thuận/ });
    expect(screen.queryByRole('treeitem', { name: /Ninh Hải/ })).toBeNull();
    fireEvent.keyDown(screen.getByRole('tree'), { key: 'ArrowRight' });
    expect(province).toHaveAttribute('aria-expanded', 'true');
    const districtRow = await screen.findByRole('treeitem', { name: /Ninh Hải/ });
    expect(districtRow).toHaveTextContent('63 members');
    expect(districtRow).toHaveAttribute('aria-level', '2');
    fireEvent.click(within(districtRow).getByTestId('toggle-NH'));
    expect(await screen.findByRole('treeitem', { name: /Khánh Hải/ })).toHaveAttribute('aria-level', '3');
  });

  test('a search hit opens its ancestors and becomes the active row', async () => {
    jest.useFakeTimers();
    const onSelect = jest.fn();
    render(
      <MockedProvider mocks={mocks} cache={createCache()}>
        <I18nProvider locale="en">
          <TreeExplorer asOf="2024-12-31" selectedId={null} onSelect={onSelect} height={340} />
        </I18nProvider>
      </MockedProvider>,
    );
    await screen.findByRole('treeitem', { name: /Ninh Thuận/ });
    fireEvent.change(screen.getByRole('combobox', { name: 'Search organisations' }), { target: { value: 'khanh hai' } });
    await act(async () => {
      jest.advanceTimersByTime(300);
    });
    jest.useRealTimers();
    const option = await screen.findByRole('option', { name: /Khánh Hải/ });
    fireEvent.click(option);
    expect(onSelect).toHaveBeenCalledWith('kh');
    await waitFor(() => expect(activeName()).toBe('Đảng bộ thị trấn Khánh Hải'));
    expect(screen.getByRole('treeitem', { name: /Ninh Thuận/ })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByRole('treeitem', { name: /Ninh Hải/ })).toHaveAttribute('aria-expanded', 'true');
  });
});
