import { MockedProvider, type MockedResponse } from '@apollo/client/testing';
import { render, screen, within } from '@testing-library/react';
import { createCache } from '../../src/client/apollo';
import { SMALL_CELL_THRESHOLD } from '../../src/client/graphql/operations';
import { I18nProvider } from '../../src/client/i18n/i18n';
import type { Locale } from '../../src/client/i18n/messages';
import { quarterChartData, type OrganizationPageData } from '../../src/client/pages/organization-page';
import { flattenTree, type TreeNodeData } from '../../src/client/tree/tree-model';
import { TreeView } from '../../src/client/tree/tree-view';

// Counts the server withholds from an analyst (null: docs/decisions/0021) read "<N", N the server's threshold, with a title saying why.

const node = (id: string, name: string, memberCount: number | null, admitted: number | null): TreeNodeData => ({
  id,
  asOf: '2024-12-31',
  code: id.toUpperCase(),
  name,
  kind: 'CELL',
  memberCount,
  childCount: { totalCount: 0 },
  admissionTarget: { hasTarget: true, target: 4, admitted, achievementRate: admitted === null ? null : admitted / 4 },
});

const threshold = (n: number): MockedResponse => ({ request: { query: SMALL_CELL_THRESHOLD }, result: { data: { smallCellThreshold: n } } });

function Tree({ nodes, locale, mocks }: { nodes: TreeNodeData[]; locale: Locale; mocks: MockedResponse[] }) {
  return (
    <MockedProvider mocks={mocks} cache={createCache()}>
      <I18nProvider locale={locale}>
        <TreeView rows={flattenTree(nodes, new Map(), new Set())} activeIndex={0} selectedId={null} label="Tree" height={340} onActiveChange={() => undefined} onAction={() => undefined} />
      </I18nProvider>
    </MockedProvider>
  );
}

describe('withheld counts', () => {
  test('in the tree: "<N" members and admissions, N from the server, explained in English', async () => {
    render(<Tree nodes={[node('a', 'Chi bộ A', null, null), node('b', 'Chi bộ B', 12, 6)]} locale="en" mocks={[threshold(7)]} />);
    const a = screen.getByRole('treeitem', { name: /Chi bộ A/ });
    expect(await within(a).findAllByText('<7 members')).toHaveLength(1);
    expect(within(a).getByText('<7/4 admitted (–)')).toBeInTheDocument();
    const [members] = within(a).getAllByTestId('withheld');
    expect(members).toHaveAttribute('title', 'Fewer than 7: withheld, so that no one can be singled out');
    expect(members).toHaveTextContent('(Fewer than 7: withheld, so that no one can be singled out)');
    const b = screen.getByRole('treeitem', { name: /Chi bộ B/ });
    expect(b).toHaveTextContent('12 members');
    expect(b).toHaveTextContent('6/4 admitted (150%)');
    expect(within(b).queryByTestId('withheld')).toBeNull();
  });

  test('in Vietnamese; before the server answers, the default threshold 5', async () => {
    render(<Tree nodes={[node('a', 'Chi bộ A', null, 6)]} locale="vi" mocks={[{ ...threshold(5), delay: 50 }]} />);
    const a = screen.getByRole('treeitem', { name: /Chi bộ A/ });
    const withheld = within(a).getByTestId('withheld');
    expect(withheld).toHaveTextContent('<5 đảng viên');
    expect(withheld).toHaveAttribute('title', 'Dưới 5: không hiển thị số cụ thể để không thể nhận ra cá nhân nào');
    expect(a).toHaveTextContent('Kết nạp 6/4');
  });

  test('officers: every count as it is, nothing withheld', () => {
    render(<Tree nodes={[node('a', 'Chi bộ A', 3, 1)]} locale="en" mocks={[]} />);
    expect(screen.getByRole('treeitem', { name: /Chi bộ A/ })).toHaveTextContent('3 members');
    expect(screen.queryByTestId('withheld')).toBeNull();
  });

  test('the quarter chart: a withheld quarter is drawn empty and labelled', () => {
    const org = {
      admissions: { total: 12, byQuarter: [] },
      admissionTarget: { hasTarget: true, target: 10, admitted: 12, achievementRate: 1.2, quarters: [null, null, 0, 0].map((admitted, i) => ({ quarter: i + 1, target: null, admitted, achievementRate: null })) },
    } as unknown as NonNullable<OrganizationPageData['organization']>;
    expect(quarterChartData(org, (q) => `Q${q}`, '<5')).toEqual([
      { key: 'q1', label: 'Q1', value: 0, target: null, valueText: '<5' },
      { key: 'q2', label: 'Q2', value: 0, target: null, valueText: '<5' },
      { key: 'q3', label: 'Q3', value: 0, target: null },
      { key: 'q4', label: 'Q4', value: 0, target: null },
    ]);
  });
});
