import { todayIso } from '../dates';
import { ADMIT_MEMBER, END_EXEMPTION, EXEMPT_MEMBER, RECOGNIZE_OFFICIAL_MEMBER, TERMINATE_MEMBERSHIP, TRANSFER_MEMBER } from '../graphql/operations';
import { useI18n } from '../i18n/i18n';
import { MutationForm, type FieldSpec, type Values } from './mutation-form';

const optional = (v: string | undefined) => (v && v.trim() ? v.trim() : null);

const DECISION: FieldSpec[] = [
  { name: 'effectiveOn', label: 'form.effectiveOn', type: 'date', required: true, notInFuture: true },
  { name: 'decisionRef', label: 'form.decisionRef', type: 'text', required: true },
];
const NOTE: FieldSpec = { name: 'note', label: 'form.note', type: 'textarea' };

export interface MemberRef {
  id: string;
  version: number;
}

interface MemberFormProps {
  member: MemberRef;
  onDone: () => void;
  onCancel: () => void;
  asOf?: string | null;
}

const decisionInput = (member: MemberRef, v: Values) => ({
  memberId: member.id,
  expectedVersion: member.version,
  effectiveOn: v.effectiveOn,
  decisionRef: v.decisionRef!.trim(),
  note: optional(v.note),
});

export function RecognizeForm({ member, onDone, onCancel }: MemberFormProps) {
  const { t } = useI18n();
  return (
    <MutationForm
      title={t('form.recognize')}
      mutation={RECOGNIZE_OFFICIAL_MEMBER}
      fields={[...DECISION, NOTE]}
      initialValues={{ effectiveOn: todayIso(), decisionRef: '', note: '' }}
      toInput={(v) => decisionInput(member, v)}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

export function TransferForm({ member, onDone, onCancel, asOf }: MemberFormProps) {
  const { t } = useI18n();
  const temporary = (v: Values) => v.kind === 'TEMPORARY';
  return (
    <MutationForm
      title={t('form.transfer')}
      mutation={TRANSFER_MEMBER}
      asOf={asOf}
      fields={[
        {
          name: 'kind',
          label: 'form.kind',
          type: 'select',
          required: true,
          options: [
            { value: 'OFFICIAL', label: 'form.kind.OFFICIAL' },
            { value: 'TEMPORARY', label: 'form.kind.TEMPORARY' },
          ],
        },
        { name: 'toOrganizationId', label: 'form.toOrganization', type: 'cell', required: true },
        ...DECISION,
        { name: 'until', label: 'form.until', type: 'date', required: true, when: temporary },
        NOTE,
      ]}
      initialValues={{ kind: 'OFFICIAL', toOrganizationId: '', effectiveOn: todayIso(), decisionRef: '', until: '', note: '' }}
      toInput={(v) => ({ ...decisionInput(member, v), kind: v.kind, toOrganizationId: v.toOrganizationId, until: temporary(v) ? v.until : null })}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

export function ExemptForm({ member, onDone, onCancel }: MemberFormProps) {
  const { t } = useI18n();
  return (
    <MutationForm
      title={t('form.exempt')}
      mutation={EXEMPT_MEMBER}
      fields={[...DECISION, { name: 'reason', label: 'form.reason', type: 'text', required: true, maxLength: 500 }, NOTE]}
      initialValues={{ effectiveOn: todayIso(), decisionRef: '', reason: '', note: '' }}
      toInput={(v) => ({ ...decisionInput(member, v), reason: v.reason!.trim() })}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

export function EndExemptionForm({ member, onDone, onCancel }: MemberFormProps) {
  const { t } = useI18n();
  return (
    <MutationForm
      title={t('form.endExemption')}
      mutation={END_EXEMPTION}
      fields={[...DECISION, NOTE]}
      initialValues={{ effectiveOn: todayIso(), decisionRef: '', note: '' }}
      toInput={(v) => decisionInput(member, v)}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

export const TERMINATION_REASONS = ['STRUCK_OFF', 'EXPELLED', 'WITHDRAWN', 'DECEASED', 'PROBATION_NOT_RECOGNIZED'] as const;

export function TerminateForm({ member, onDone, onCancel, probationary }: MemberFormProps & { probationary: boolean }) {
  const { t } = useI18n();
  const reasons = TERMINATION_REASONS.filter((r) => r !== 'PROBATION_NOT_RECOGNIZED' || probationary);
  return (
    <MutationForm
      title={t('form.terminate')}
      mutation={TERMINATE_MEMBERSHIP}
      fields={[{ name: 'reason', label: 'form.reason', type: 'select', required: true, options: reasons.map((r) => ({ value: r, label: `reason.${r}` as const })) }, ...DECISION, NOTE]}
      initialValues={{ reason: reasons[0]!, effectiveOn: todayIso(), decisionRef: '', note: '' }}
      toInput={(v) => ({ ...decisionInput(member, v), reason: v.reason })}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}

export interface ProspectRef {
  id: string;
  fullName: string;
  organization: { id: string; name: string };
}

/** Admission of a prospect who has the grassroots committee's resolution: a probationary member from the ceremony. */
export function AdmitForm({ prospect, onDone, onCancel, asOf }: { prospect: ProspectRef; onDone: (data: unknown) => void; onCancel: () => void; asOf?: string | null }) {
  const { t } = useI18n();
  return (
    <MutationForm
      title={t('form.admit', { name: prospect.fullName })}
      mutation={ADMIT_MEMBER}
      asOf={asOf}
      initialCell={prospect.organization}
      fields={[
        { name: 'organizationId', label: 'form.cell', type: 'cell', required: true },
        { name: 'ceremonyOn', label: 'form.ceremonyOn', type: 'date', required: true, notInFuture: true },
        { name: 'decisionRef', label: 'form.decisionRef', type: 'text', required: true },
        { name: 'partyCardNumber', label: 'form.partyCardNumber', type: 'text' },
        { name: 'ageExceptionRef', label: 'form.ageExceptionRef', type: 'text' },
        NOTE,
      ]}
      initialValues={{ organizationId: prospect.organization.id, ceremonyOn: todayIso(), decisionRef: '', partyCardNumber: '', ageExceptionRef: '', note: '' }}
      toInput={(v) => ({
        prospectId: prospect.id,
        organizationId: v.organizationId,
        ceremonyOn: v.ceremonyOn,
        decisionRef: v.decisionRef!.trim(),
        partyCardNumber: optional(v.partyCardNumber),
        ageExceptionRef: optional(v.ageExceptionRef),
        note: optional(v.note),
      })}
      onDone={onDone}
      onCancel={onCancel}
    />
  );
}
