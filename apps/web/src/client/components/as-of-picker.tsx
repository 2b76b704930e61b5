import { useEffect, useId, useState } from 'react';
import { isIsoDay, todayIso } from '../dates';
import { useI18n } from '../i18n/i18n';

/** The day the whole application shows the tree and its figures as of (empty: today). */
export function AsOfPicker({ asOf, onChange }: { asOf: string | null; onChange: (day: string | null) => void }) {
  const { t, date } = useI18n();
  const id = useId();
  const [draft, setDraft] = useState(asOf ?? '');
  useEffect(() => setDraft(asOf ?? ''), [asOf]);
  const invalid = draft !== '' && !isIsoDay(draft);
  return (
    <div className="as-of" role="group" aria-labelledby={`${id}-label`}>
      <label id={`${id}-label`} htmlFor={`${id}-input`}>
        {t('asOf.label')}
      </label>
      <input
        id={`${id}-input`}
        type="date"
        value={draft}
        max={todayIso()}
        aria-invalid={invalid}
        aria-describedby={`${id}-status`}
        onChange={(e) => {
          setDraft(e.target.value);
          if (e.target.value === '') onChange(null);
          else if (isIsoDay(e.target.value)) onChange(e.target.value);
        }}
      />
      <button type="button" className="secondary" aria-pressed={asOf === '2024-12-31'} onClick={() => onChange('2024-12-31')}>
        {t('asOf.endOf2024')}
      </button>
      <button type="button" className="secondary" aria-pressed={asOf === null} onClick={() => onChange(null)}>
        {t('asOf.today')}
      </button>
      <span id={`${id}-status`} className="as-of-status" aria-live="polite">
        {invalid ? t('asOf.invalid') : t('asOf.showing', { date: date(asOf ?? todayIso()) })}
      </span>
    </div>
  );
}
