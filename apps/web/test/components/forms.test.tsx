import { MockedProvider, type MockedResponse } from '@apollo/client/testing';
import { GraphQLError } from 'graphql';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createCache } from '../../src/client/apollo';
import { todayIso } from '../../src/client/dates';
import { EndExemptionForm, ExemptForm, RecognizeForm, TerminateForm, TransferForm } from '../../src/client/forms/decision-forms';
import { validate, type FieldSpec } from '../../src/client/forms/mutation-form';
import { END_EXEMPTION, EXEMPT_MEMBER, RECOGNIZE_OFFICIAL_MEMBER, TERMINATE_MEMBERSHIP, TRANSFER_MEMBER } from '../../src/client/graphql/operations';
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

describe('recognise, end exemption, end membership', () => {
  /** A day after today wherever the test runs (the forms' today is Vietnam's). */
  const future = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const badInput = (field: string, message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
  /** A mock that records each input sent and answers with `errors`. */
  const refusing = (query: MockedResponse['request']['query'], errors: GraphQLError[], inputs: Record<string, unknown>[] = []): MockedResponse => ({
    request: { query },
    variableMatcher: (v: Record<string, any>) => (inputs.push(v.input), true),
    result: { errors },
  });
  const fill = (values: Record<string, string>) => {
    for (const [label, value] of Object.entries(values)) fireEvent.change(screen.getByLabelText(new RegExp(label)), { target: { value } });
  };
  const record = () => fireEvent.click(screen.getByRole('button', { name: 'Record' }));

  test('recognise: a day in the future and a missing decision are refused in the form; nothing is sent', async () => {
    const sent: Record<string, unknown>[] = [];
    renderForm(<RecognizeForm member={member} onDone={() => undefined} onCancel={() => undefined} />, [refusing(RECOGNIZE_OFFICIAL_MEMBER, [], sent)]);
    expect(screen.getByRole('heading', { name: 'Recognise as official' })).toBeInTheDocument();
    fill({ 'Effective on': future });
    record();
    expect(screen.getByLabelText(/Effective on/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Effective on/)).toHaveAccessibleDescription('Must not be in the future');
    expect(screen.getByLabelText(/Decision reference/)).toHaveAccessibleDescription('Required');
    // The first field in error has the focus.
    expect(screen.getByLabelText(/Effective on/)).toHaveFocus();
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([]);
  });

  test("recognise: the server's error about the day is shown next to it", async () => {
    const sent: Record<string, unknown>[] = [];
    const onDone = jest.fn();
    renderForm(<RecognizeForm member={member} onDone={onDone} onCancel={() => undefined} />, [
      refusing(RECOGNIZE_OFFICIAL_MEMBER, [badInput('input.effectiveOn', 'must be at least 12 months after the admission ceremony (2024-06-01)')], sent),
    ]);
    fill({ 'Effective on': '2025-01-15', 'Decision reference': ' 45-QĐ/ĐU ' });
    record();
    await waitFor(() => expect(screen.getByLabelText(/Effective on/)).toHaveAccessibleDescription('must be at least 12 months after the admission ceremony (2024-06-01)'));
    expect(screen.getByLabelText(/Effective on/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Effective on/)).toHaveFocus();
    expect(screen.getByLabelText(/Decision reference/)).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sent).toEqual([{ memberId: member.id, expectedVersion: 4, effectiveOn: '2025-01-15', decisionRef: '45-QĐ/ĐU', note: null, idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/) }]);
    expect(onDone).not.toHaveBeenCalled();
  });

  test('end exemption: an empty day and decision are refused in the form; nothing is sent', async () => {
    const sent: Record<string, unknown>[] = [];
    renderForm(<EndExemptionForm member={member} onDone={() => undefined} onCancel={() => undefined} />, [refusing(END_EXEMPTION, [], sent)]);
    expect(screen.getByRole('heading', { name: 'End exemption' })).toBeInTheDocument();
    fill({ 'Effective on': '' });
    record();
    expect(screen.getByLabelText(/Effective on/)).toHaveAccessibleDescription('Required');
    expect(screen.getByLabelText(/Decision reference/)).toHaveAccessibleDescription('Required');
    expect(screen.getByLabelText(/Note/)).toHaveAttribute('aria-invalid', 'false');
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([]);
  });

  test("end exemption: the server's error about the day next to it, one about the member above the form", async () => {
    const sent: Record<string, unknown>[] = [];
    renderForm(<EndExemptionForm member={member} onDone={() => undefined} onCancel={() => undefined} />, [
      refusing(
        END_EXEMPTION,
        [badInput('input.effectiveOn', "must not be before the member's last event (2024-11-20)"), badInput('input.memberId', 'is not exempted from activity on 2024-11-01')],
        sent,
      ),
    ]);
    fill({ 'Effective on': '2024-11-01', 'Decision reference': '77-QĐ/ĐU', Note: 'Đã khỏi bệnh' });
    record();
    await waitFor(() => expect(screen.getByLabelText(/Effective on/)).toHaveAccessibleDescription("must not be before the member's last event (2024-11-20)"));
    expect(screen.getByRole('alert')).toHaveTextContent('Not recorded: is not exempted from activity on 2024-11-01');
    expect(screen.getByLabelText(/Decision reference/)).toHaveAttribute('aria-invalid', 'false');
    expect(sent).toEqual([{ memberId: member.id, expectedVersion: 4, effectiveOn: '2024-11-01', decisionRef: '77-QĐ/ĐU', note: 'Đã khỏi bệnh', idempotencyKey: expect.any(String) }]);
  });

  test('end membership: "probation not recognised" only for a probationary member', () => {
    const reasons = () => (screen.getAllByRole('option') as HTMLOptionElement[]).map((o) => o.value);
    const { unmount } = renderForm(<TerminateForm member={member} probationary={false} onDone={() => undefined} onCancel={() => undefined} />, []);
    expect(reasons()).toEqual(['STRUCK_OFF', 'EXPELLED', 'WITHDRAWN', 'DECEASED']);
    unmount();
    renderForm(<TerminateForm member={member} probationary onDone={() => undefined} onCancel={() => undefined} />, []);
    expect(reasons()).toEqual(['STRUCK_OFF', 'EXPELLED', 'WITHDRAWN', 'DECEASED', 'PROBATION_NOT_RECOGNIZED']);
  });

  test('end membership: a day in the future and a missing decision are refused in the form; nothing is sent', async () => {
    const sent: Record<string, unknown>[] = [];
    renderForm(<TerminateForm member={member} probationary={false} onDone={() => undefined} onCancel={() => undefined} />, [refusing(TERMINATE_MEMBERSHIP, [], sent)]);
    expect(screen.getByRole('heading', { name: 'End membership' })).toBeInTheDocument();
    fill({ 'Effective on': future, 'Decision reference': '   ' });
    record();
    expect(screen.getByLabelText(/Effective on/)).toHaveAccessibleDescription('Must not be in the future');
    expect(screen.getByLabelText(/Decision reference/)).toHaveAccessibleDescription('Required');
    expect(screen.getByLabelText(/Reason/)).toHaveAttribute('aria-invalid', 'false');
    await new Promise((r) => setTimeout(r, 20));
    expect(sent).toEqual([]);
  });

  test("end membership: the server's error about the reason is shown next to the reason", async () => {
    const sent: Record<string, unknown>[] = [];
    const onDone = jest.fn();
    renderForm(<TerminateForm member={member} probationary onDone={onDone} onCancel={() => undefined} />, [
      refusing(TERMINATE_MEMBERSHIP, [badInput('input.reason', 'PROBATION_NOT_RECOGNIZED ends a probation only: the member was recognised on 2024-03-01')], sent),
    ]);
    fill({ Reason: 'PROBATION_NOT_RECOGNIZED', 'Effective on': '2025-02-01', 'Decision reference': '12-QĐ/ĐU' });
    record();
    await waitFor(() => expect(screen.getByLabelText(/Reason/)).toHaveAccessibleDescription('PROBATION_NOT_RECOGNIZED ends a probation only: the member was recognised on 2024-03-01'));
    expect(screen.getByLabelText(/Reason/)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Reason/)).toHaveFocus();
    expect(screen.getByLabelText(/Effective on/)).toHaveAttribute('aria-invalid', 'false');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(sent).toEqual([{ memberId: member.id, expectedVersion: 4, effectiveOn: '2025-02-01', decisionRef: '12-QĐ/ĐU', note: null, reason: 'PROBATION_NOT_RECOGNIZED', idempotencyKey: expect.any(String) }]);
    expect(onDone).not.toHaveBeenCalled();
  });
});
