import { MockedProvider, type MockedResponse } from '@apollo/client/testing';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { createCache } from '../../src/client/apollo';
import { ORGANIZATION_MEMBERS } from '../../src/client/graphql/operations';
import { I18nProvider } from '../../src/client/i18n/i18n';
import { MemberList } from '../../src/client/pages/organization-page';
import { SessionProvider, type Session } from '../../src/client/session';

// The organisation page's member list: filtered, ordered and paged by the server (`orderBy`); a new order
// asks for its own first page.

const ORG = '3f6d2a10-0000-4000-8000-0000000000aa';
const officer: Session = { token: 'x.e30.y', userId: 'officer-1', label: 'Officer', roles: ['ORG_OFFICER'], orgs: [ORG], expiresAt: 4102444800 };

const member = (n: number, fullName: string, admittedOn: string, status = 'OFFICIAL') => ({
  __typename: 'Member',
  id: `7d1c2f3e-0000-4000-8000-00000000000${n}`,
  asOf: '2025-03-01',
  fullName,
  gender: 'FEMALE',
  birthDate: '1980-01-01',
  status,
  activity: 'ACTIVE',
  admittedOn,
  organization: { __typename: 'Organization', id: ORG, asOf: '2025-03-01', name: 'Chi bộ thôn A' },
});
const AN = member(1, 'Hoàng Minh An', '2010-03-02');
const BINH = member(2, 'Lê Văn Bình', '2024-05-01', 'PROBATIONARY');
const CHI = member(3, 'Võ Thị Chi', '2001-01-15');

const reply = (nodes: ReturnType<typeof member>[], endCursor: string, hasNextPage: boolean) => ({
  data: {
    organization: {
      __typename: 'Organization',
      id: ORG,
      asOf: '2025-03-01',
      members: {
        __typename: 'MemberConnection',
        totalCount: 3,
        pageInfo: { __typename: 'PageInfo', hasNextPage, endCursor },
        edges: nodes.map((node, i) => ({ __typename: 'MemberEdge', cursor: `${endCursor}-${i}`, node })),
      },
    },
  },
});

type Vars = Record<string, any>;
const sameOrder = (v: Vars, field: string, direction: string) => v.orderBy?.field === field && v.orderBy?.direction === direction;

function renderList(mocks: MockedResponse[]) {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <I18nProvider locale="en">
        <SessionProvider initial={officer}>
          <MemoryRouter>
            <MemberList orgId={ORG} asOf={null} isCell={false} />
          </MemoryRouter>
        </SessionProvider>
      </I18nProvider>
    </MockedProvider>,
  );
}

const names = () => within(screen.getByRole('table')).getAllByRole('link').map((a) => a.textContent);
const header = (name: string) => screen.getByRole('columnheader', { name });

test('sorting asks the server for the new order from its first page, shown as the server sends it', async () => {
  const sent: Vars[] = [];
  const when = (test: (v: Vars) => boolean) => (v: Vars) => (test(v) ? (sent.push(v), true) : false);
  renderList([
    // By name: two pages.
    { request: { query: ORGANIZATION_MEMBERS }, variableMatcher: when((v) => sameOrder(v, 'NAME', 'ASC') && !v.after), result: reply([AN, BINH], 'n2', true) },
    { request: { query: ORGANIZATION_MEMBERS }, variableMatcher: when((v) => sameOrder(v, 'NAME', 'ASC') && v.after === 'n2'), result: reply([CHI], 'n3', false) },
    // By admission day, oldest first, then newest first: the first page of each.
    { request: { query: ORGANIZATION_MEMBERS }, variableMatcher: when((v) => sameOrder(v, 'ADMITTED_ON', 'ASC') && !v.after), result: reply([CHI, AN], 'a2', true) },
    { request: { query: ORGANIZATION_MEMBERS }, variableMatcher: when((v) => sameOrder(v, 'ADMITTED_ON', 'DESC') && !v.after), result: reply([BINH, AN], 'd2', true) },
  ]);

  expect(await screen.findByText('Showing 2 of 3')).toBeInTheDocument();
  expect(names()).toEqual(['Hoàng Minh An', 'Lê Văn Bình']);
  expect(header('Name')).toHaveAttribute('aria-sort', 'ascending');
  fireEvent.click(screen.getByRole('button', { name: 'Show more members' }));
  expect(await screen.findByText('Showing 3 of 3')).toBeInTheDocument();
  expect(names()).toEqual(['Hoàng Minh An', 'Lê Văn Bình', 'Võ Thị Chi']);

  // A new order: its first page only (the three rows loaded by name are not kept, nor re-sorted here).
  fireEvent.change(screen.getByLabelText(/^Sort by/), { target: { value: 'ADMITTED_ON' } });
  expect(await screen.findByText('Showing 2 of 3')).toBeInTheDocument();
  expect(names()).toEqual(['Võ Thị Chi', 'Hoàng Minh An']);
  expect(header('Admitted')).toHaveAttribute('aria-sort', 'ascending');
  expect(header('Name')).not.toHaveAttribute('aria-sort');

  fireEvent.change(screen.getByLabelText(/^Order/), { target: { value: 'DESC' } });
  await waitFor(() => expect(names()).toEqual(['Lê Văn Bình', 'Hoàng Minh An']));
  expect(header('Admitted')).toHaveAttribute('aria-sort', 'descending');
  expect(screen.getByRole('button', { name: 'Show more members' })).toBeEnabled();

  expect(sent.map((v) => [v.orderBy, v.after ?? null])).toEqual([
    [{ field: 'NAME', direction: 'ASC' }, null],
    [{ field: 'NAME', direction: 'ASC' }, 'n2'],
    [{ field: 'ADMITTED_ON', direction: 'ASC' }, null],
    [{ field: 'ADMITTED_ON', direction: 'DESC' }, null],
  ]);
  // The rest of the request stays as it was: the filter, the subtree, the page size.
  for (const v of sent) expect(v).toMatchObject({ id: ORG, first: 50, includeDescendants: true, filter: { text: null, status: null }, sensitive: true });
});

test('the orders offered: name, admission day and status, either way; never a sensitive field', async () => {
  renderList([{ request: { query: ORGANIZATION_MEMBERS }, variableMatcher: () => true, result: reply([AN, BINH, CHI], 'n3', false) }]);
  expect(await screen.findByText('Showing 3 of 3')).toBeInTheDocument();
  const options = (label: string) => within(screen.getByLabelText(new RegExp(`^${label}`))).getAllByRole('option').map((o) => (o as HTMLOptionElement).value);
  expect(options('Sort by')).toEqual(['NAME', 'ADMITTED_ON', 'STATUS']);
  expect(options('Order')).toEqual(['ASC', 'DESC']);
});
