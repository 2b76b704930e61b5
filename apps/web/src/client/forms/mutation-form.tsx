import { useMutation, useLazyQuery, type DocumentNode, type ApolloError } from '@apollo/client';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { todayIso } from '../dates';
import { SEARCH_CELLS } from '../graphql/operations';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

export type FieldType = 'date' | 'text' | 'textarea' | 'select' | 'cell';

export interface FieldSpec {
  name: string;
  label: MessageKey;
  type: FieldType;
  required?: boolean;
  /** select: value and the key of its label. */
  options?: { value: string; label: MessageKey }[];
  /** date: refuse days after today. */
  notInFuture?: boolean;
  /** Only shown (and sent) when this holds. */
  when?: (values: Values) => boolean;
  maxLength?: number;
}

export type Values = Record<string, string>;
export type FieldErrors = Record<string, string>;

/** A fresh idempotency key: one per decision the officer records, reused when the same submission is retried. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * The server's errors by form field: `extensions.field` "input.ceremonyOn" belongs next to the
 * field "ceremonyOn"; errors naming no field of the form are general ones.
 */
export function serverErrors(error: ApolloError, fieldNames: string[]): { fields: FieldErrors; general: string[] } {
  const fields: FieldErrors = {};
  const general: string[] = [];
  for (const e of error.graphQLErrors ?? []) {
    const raw = typeof e.extensions?.field === 'string' ? e.extensions.field : '';
    const name = raw.replace(/^input\./, '').split('.')[0] ?? '';
    if (name && fieldNames.includes(name)) fields[name] = fields[name] ? `${fields[name]}; ${e.message}` : e.message;
    else general.push(e.message);
  }
  if (error.networkError) general.push(error.networkError.message);
  if (!error.graphQLErrors?.length && !error.networkError) general.push(error.message);
  return { fields, general };
}

/** What the form checks before sending (the server checks everything again). */
export function validate(fields: FieldSpec[], values: Values, t: (k: MessageKey) => string, today = todayIso()): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of fields) {
    if (f.when && !f.when(values)) continue;
    const v = (values[f.name] ?? '').trim();
    if (f.required && !v) errors[f.name] = t('form.required');
    else if (f.type === 'date' && v && f.notInFuture && v > today) errors[f.name] = t('form.futureDate');
  }
  if (values.until && values.effectiveOn && values.until <= values.effectiveOn && fields.some((f) => f.name === 'until' && (!f.when || f.when(values)))) {
    errors.until = t('form.untilAfter');
  }
  return errors;
}

/** Searches cells (CELL, GRASSROOTS_CELL) by name on the day: the destination of a transfer, the cell of an admission. */
function CellPicker({ id, value, label, onChange, asOf, invalid, describedBy, initial }: { id: string; value: string; label: string; onChange: (v: string) => void; asOf: string | null; invalid: boolean; describedBy?: string; initial?: { id: string; name: string } }) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [search, { data, loading }] = useLazyQuery<{ searchOrganizations: { id: string; name: string; kind: string }[] }>(SEARCH_CELLS);
  useEffect(() => {
    if (text.trim().length < 2) return;
    const timer = setTimeout(() => void search({ variables: { text: text.trim(), asOf } }), 250);
    return () => clearTimeout(timer);
  }, [text, asOf, search]);
  const cells = (data?.searchOrganizations ?? []).filter((o) => o.kind === 'CELL' || o.kind === 'GRASSROOTS_CELL');
  const options = initial && !cells.some((c) => c.id === initial.id) ? [initial, ...cells] : cells;
  return (
    <div className="cell-picker">
      <input type="search" aria-label={t('form.searchCell')} placeholder={t('form.searchCell')} value={text} onChange={(e) => setText(e.target.value)} />
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={invalid} aria-describedby={describedBy} aria-busy={loading}>
        <option value="">{t('form.pickCell')}</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <span className="visually-hidden">{label}</span>
    </div>
  );
}

export interface MutationFormProps {
  title: string;
  mutation: DocumentNode;
  fields: FieldSpec[];
  initialValues: Values;
  /** Builds the mutation's `input` from the form (the idempotency key is added). */
  toInput: (values: Values) => Record<string, unknown>;
  onDone: (data: unknown) => void;
  onCancel: () => void;
  asOf?: string | null;
  /** Initial option of a cell field (e.g. the prospect's own cell). */
  initialCell?: { id: string; name: string };
  children?: ReactNode;
}

/**
 * A form that records one decision: checks what it can, sends the mutation with an idempotency
 * key that stays the same when the officer sends the same decision again (a lost answer never
 * records it twice), and shows each of the server's errors next to the field it names.
 */
export function MutationForm({ title, mutation, fields, initialValues, toInput, onDone, onCancel, asOf = null, initialCell, children }: MutationFormProps) {
  const { t } = useI18n();
  const id = useId();
  const [values, setValues] = useState<Values>(initialValues);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const keyRef = useRef<string>(newIdempotencyKey());
  // Every figure on screen may change with a recorded decision (counts up the tree, lists): refetch what is shown.
  const [mutate, { loading }] = useMutation(mutation, { refetchQueries: 'active', awaitRefetchQueries: true });
  const visible = fields.filter((f) => !f.when || f.when(values));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validate(fields, values, t);
    setErrors(found);
    setGeneral([]);
    if (Object.keys(found).length) {
      document.getElementById(`${id}-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    try {
      const result = await mutate({ variables: { input: { ...toInput(values), idempotencyKey: keyRef.current } } });
      keyRef.current = newIdempotencyKey();
      onDone(result.data);
    } catch (err) {
      const { fields: byField, general: other } = serverErrors(err as ApolloError, visible.map((f) => f.name));
      const conflict = (err as ApolloError).graphQLErrors?.some((g) => g.extensions?.code === 'CONFLICT' && g.extensions?.field === 'input.expectedVersion');
      setErrors(byField);
      setGeneral(conflict ? [t('form.conflict')] : other);
      const first = Object.keys(byField)[0];
      if (first) document.getElementById(`${id}-${first}`)?.focus();
    }
  };

  const set = (name: string, v: string) => setValues((prev) => ({ ...prev, [name]: v }));
  return (
    <form className="decision-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
      {general.length > 0 && (
        <div className="form-error" role="alert">
          {general.map((g) => (
            <p key={g}>{t('form.error', { message: g })}</p>
          ))}
          <p className="hint">{t('form.retryHint')}</p>
        </div>
      )}
      {visible.map((f) => {
        const fieldId = `${id}-${f.name}`;
        const errorId = `${fieldId}-error`;
        const err = errors[f.name];
        const common = { id: fieldId, name: f.name, 'aria-invalid': !!err, 'aria-describedby': err ? errorId : undefined, required: f.required };
        return (
          <div className={`field${err ? ' has-error' : ''}`} key={f.name}>
            <label htmlFor={fieldId}>
              {t(f.label)}
              {f.required && <span aria-hidden="true"> *</span>}
            </label>
            {f.type === 'textarea' ? (
              <textarea {...common} value={values[f.name] ?? ''} maxLength={f.maxLength ?? 2000} onChange={(e) => set(f.name, e.target.value)} />
            ) : f.type === 'select' ? (
              <select {...common} value={values[f.name] ?? ''} onChange={(e) => set(f.name, e.target.value)}>
                {f.options!.map((o) => (
                  <option key={o.value} value={o.value}>
                    {t(o.label)}
                  </option>
                ))}
              </select>
            ) : f.type === 'cell' ? (
              <CellPicker id={fieldId} value={values[f.name] ?? ''} label={t(f.label)} onChange={(v) => set(f.name, v)} asOf={asOf} invalid={!!err} describedBy={err ? errorId : undefined} initial={initialCell} />
            ) : (
              <input {...common} type={f.type === 'date' ? 'date' : 'text'} value={values[f.name] ?? ''} maxLength={f.maxLength ?? 200} max={f.type === 'date' && f.notInFuture ? todayIso() : undefined} onChange={(e) => set(f.name, e.target.value)} />
            )}
            {err && (
              <p className="field-error" id={errorId}>
                {err}
              </p>
            )}
          </div>
        );
      })}
      <div className="form-actions">
        <button type="submit" disabled={loading}>
          {loading ? t('form.submitting') : t('form.submit')}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('form.cancel')}
        </button>
      </div>
    </form>
  );
}
