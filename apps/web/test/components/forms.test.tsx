import { MockedProvider, type MockedResponse } from '@apollo/client/testing';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createCache } from '../../src/client/apollo';
import { todayIso } from '../../src/client/dates';
import { ExemptForm, TransferForm } from '../../src/client/forms/decision-forms';
import { validate, type FieldSpec } from '../../src/client/forms/mutation-form';
import { EXEMPT_MEMBER, TRANSFER_MEMBER } from '../../src/client/graphql/operations';
import { I18nProvider } from '../../src/client/i18n/i18n';

const member = { id: '7d1c2f3e-0000-4000-8000-000000000001', version: 4 };
const payload = (type: string) => ({
  __typename: 'MemberPayload',
  member: { __typename: 'Member', id: member.id, asOf: todayIso(), status: 'OFFICIAL', activity: 'EXEMPT', isMember: true, version: 5 },
  event: { __typename: 'MembershipEvent', id: 'e1', type, effectiveOn: '2025-03-01' },
});

function renderForm(ui: React.ReactElement, mocks: MockedResponse[]) {
  return render(
    <MockedProvider mocks={mocks} cache={createCache()}>
      <I18nProvider locale="en">{ui}</I18nProvider>
    </MockedProvider>,
  );
}

describe('validate', () => {
  const fields: FieldSpec[] = [
    { name: 'effectiveOn', label: 'form.effectiveOn', type: 'date', required: true, notInFuture: true },
    { name: 'decisionRef', label: 'form.decisionRef', type: 'text', required: true },
    { name: 'until', label: 'form.until', type: 'date', required: true, when: (v) => v.kind === 'TEMPORARY' },
  ];
  const t = (k: string) => k;
  test('required fields, days in the future, an end before the start; hidden fields are not checked', () => {
    expect(validate(fields, { effectiveOn: '2025-03-02', decisionRef: ' ', kind: 'OFFICIAL' }, t, '2025-03-01')).toEqual({ effectiveOn: 'form.futureDate', decisionRef: 'form.required' });
    expect(validate(fields, { effectiveOn: '2025-03-01', decisionRef: '12-QĐ/ĐU', kind: 'TEMPORARY', until: '' }, t, '2025-03-01')).toEqual({ until: 'form.required' });
    expect(validate(fields, { effectiveOn: '2025-03-01', decisionRef: '12-QĐ/ĐU', kind: 'TEMPORARY', until: '2025-03-01' }, t, '2025-03-01')).toEqual({ until: 'form.untilAfter' });
    expect(validate(fields, { effectiveOn: '2025-02-01', decisionRef: '12-QĐ/ĐU', kind: 'TEMPORARY', until: '2025-08-01' }, t, '2025-03-01')).toEqual({});
  });
});

describe('decision forms', () => {
  test('checks the form before sending: nothing is sent while a required field is empty', async () => {
    const sent = jest.fn();
    renderForm(<ExemptForm member={member} onDone={() => undefined} onCancel={() => undefined} />, [
      { request: { query: EXEMPT_MEMBER }, variableMatcher: () => (sent(), true), result: { data: { exemptMember: payload('EXEMPTED') } } },
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    const ref = screen.getByLabelText(/Decision reference/);
    expect(ref).toHaveAttribute('aria-invalid', 'true');
    expect(ref).toHaveAccessibleDescription('Required');
    expect(screen.getByLabelText(/Reason/)).toHaveAccessibleDescription('Required');
    expect(screen.getByLabelText(/Effective on/)).toHaveAttribute('aria-invalid', 'false');
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).not.toHaveBeenCalled();
  });

  test("shows the server's error next to the field it names, and errors about no field above the form", async () => {
    const onDone = jest.fn();
    renderForm(<ExemptForm member={member} onDone={onDone} onCancel={() => undefined} />, [
      {
        request: { query: EXEMPT_MEMBER },
        variableMatcher: () => true,
        result: {
          errors: [
            new GraphQLError('must not be before the member\'s last event (2024-06-01)', { extensions: { code: 'BAD_USER_INPUT', field: 'input.effectiveOn' } }),
            new GraphQLError('the member is not in your organisations', { extensions: { code: 'FORBIDDEN', field: 'input.memberId' } }),
          ],
        },
      },
    ]);
    fireEvent.change(screen.getByLabelText(/Effective on/), { target: { value: '2024-01-01' } });
    fireEvent.change(screen.getByLabelText(/Decision reference/), { target: { value: '12-QĐ/ĐU' } });
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'Tuổi cao' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(screen.getByLabelText(/Effective on/)).toHaveAccessibleDescription("must not be before the member's last event (2024-06-01)"));
    expect(screen.getByLabelText(/Effective on/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Decision reference/)).toHaveAttribute('aria-invalid', 'false');
    expect(screen.getByRole('alert')).toHaveTextContent('Not recorded: the member is not in your organisations');
    expect(onDone).not.toHaveBeenCalled();
  });

  test('a retried submission sends the same idempotency key; the next decision gets a new one', async () => {
    const inputs: Record<string, unknown>[] = [];
    const capture = (v: Record<string, any>) => (inputs.push(v.input), true);
    const onDone = jest.fn();
    const mocks: MockedResponse[] = [
      { request: { query: TRANSFER_MEMBER }, variableMatcher: capture, error: new Error('Failed to fetch') },
      { request: { query: TRANSFER_MEMBER }, variableMatcher: capture, result: { data: { transferMember: payload('TEMPORARY_TRANSFER') } } },
    ];
    const { unmount } = renderForm(<TransferForm member={member} onDone={onDone} onCancel={() => undefined} />, mocks);
    fireEvent.change(screen.getByLabelText(/Kind of transfer/), { target: { value: 'TEMPORARY' } });
    const cell = screen.getByRole('combobox', { name: /To cell/ }) as HTMLSelectElement;
    // The destination list holds search results; here one is added by hand as a search would.
    const option = document.createElement('option');
    option.value = '11111111-2222-4333-8444-555555555555';
    cell.appendChild(option);
    fireEvent.change(cell, { target: { value: option.value } });
    fireEvent.change(screen.getByLabelText(/Effective on/), { target: { value: '2025-02-01' } });
    fireEvent.change(screen.getByLabelText(/Decision reference/), { target: { value: '88-GT/ĐU' } });
    fireEvent.change(screen.getByLabelText(/^Until/), { target: { value: '2025-08-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Not recorded: Failed to fetch'));
    expect(screen.getByRole('alert')).toHaveTextContent('Sending again is safe');
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(1));
    expect(inputs).toHaveLength(2);
    expect(inputs[0]).toEqual({
      memberId: member.id,
      expectedVersion: 4,
      effectiveOn: '2025-02-01',
      decisionRef: '88-GT/ĐU',
      note: null,
      kind: 'TEMPORARY',
      toOrganizationId: option.value,
      until: '2025-08-01',
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(inputs[1]!.idempotencyKey).toBe(inputs[0]!.idempotencyKey);
    unmount();

    renderForm(<ExemptForm member={member} onDone={onDone} onCancel={() => undefined} />, [
      { request: { query: EXEMPT_MEMBER }, variableMatcher: capture, result: { data: { exemptMember: payload('EXEMPTED') } } },
    ]);
    fireEvent.change(screen.getByLabelText(/Effective on/), { target: { value: '2025-02-01' } });
    fireEvent.change(screen.getByLabelText(/Decision reference/), { target: { value: '89-QĐ/ĐU' } });
    fireEvent.change(screen.getByLabelText(/Reason/), { target: { value: 'Tuổi cao' } });
    fireEvent.click(screen.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledTimes(2));
    expect(inputs[2]!.idempotencyKey).not.toBe(inputs[0]!.idempotencyKey);
  });
});
