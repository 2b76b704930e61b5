import { useQuery } from '@apollo/client';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Breadcrumbs } from '../components/breadcrumbs';
import { Empty, ErrorState, errorCode, Loading } from '../components/states';
import { todayIso } from '../dates';
import { EndExemptionForm, ExemptForm, RecognizeForm, TerminateForm, TransferForm } from '../forms/decision-forms';
import { MEMBER_PAGE } from '../graphql/operations';
import { useI18n } from '../i18n/i18n';
import { orgPath, useAsOf } from '../routing';
import { canRecord, canSeeSensitive, useSession } from '../session';

type EventType = 'ADMITTED' | 'RECOGNIZED' | 'TRANSFERRED' | 'TEMPORARY_TRANSFER' | 'EXEMPTED' | 'EXEMPTION_ENDED' | 'TERMINATED' | 'REINSTATED' | 'CORRECTED';
type Reason = 'STRUCK_OFF' | 'EXPELLED' | 'WITHDRAWN' | 'DECEASED' | 'PROBATION_NOT_RECOGNIZED';
interface OrgRef {
  id: string;
  asOf: string;
  name: string;
}
interface MemberData {
  member: {
    id: string;
    asOf: string;
    fullName: string;
    gender: 'MALE' | 'FEMALE';
    birthDate?: string | null;
    birthplace: string | null;
    ethnicity?: string | null;
    religion?: string | null;
    citizenId?: string | null;
    familyBackground?: string | null;
    educationLevel: 'PRIMARY' | 'LOWER_SECONDARY' | 'UPPER_SECONDARY' | 'VOCATIONAL' | 'COLLEGE' | 'UNIVERSITY' | 'POSTGRADUATE' | null;
    occupation: string | null;
    partyCardNumber: string | null;
    status: 'PROBATIONARY' | 'OFFICIAL';
    activity: 'ACTIVE' | 'EXEMPT' | 'TEMPORARILY_AWAY';
    isMember: boolean;
    admittedOn: string;
    probationEndsOn: string;
    officialOn: string | null;
    terminatedOn: string | null;
    terminationReason: Reason | null;
    partyAgeYears: number;
    badges: number[];
    version: number;
    organization: OrgRef & { ancestors: OrgRef[] };
    hostOrganization: OrgRef | null;
    events: { id: string; type: EventType; effectiveOn: string; decisionRef: string; until: string | null; reason: string | null; note: string | null; organization: OrgRef | null }[];
  } | null;
}

type Action = 'recognize' | 'transfer' | 'exempt' | 'endExemption' | 'terminate';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="dl-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function MemberPage() {
  const { t, date, number } = useI18n();
  const { id = '' } = useParams();
  const [asOf] = useAsOf();
  const { session } = useSession();
  const sensitive = canSeeSensitive(session);
  const [action, setAction] = useState<Action | null>(null);
  const [saved, setSaved] = useState(false);
  const { data, loading, error, refetch } = useQuery<MemberData>(MEMBER_PAGE, { variables: { id, asOf, sensitive } });
  const m = data?.member;

  if (loading && !data) return <Loading />;
  if (error && !m) {
    if (errorCode(error) === 'FORBIDDEN') return <ErrorState error={error}>{t('state.forbidden', { code: id })}</ErrorState>;
    return <ErrorState error={error} onRetry={() => void refetch()} />;
  }
  if (!m) return <Empty>{t('state.notFound', { date: date(asOf ?? todayIso()) })}</Empty>;

  const ref = { id: m.id, version: m.version };
  const close = (recorded: boolean) => {
    setAction(null);
    setSaved(recorded);
  };
  const actions: { key: Action; label: string; allowed: boolean }[] = [
    { key: 'recognize', label: t('form.recognize'), allowed: m.isMember && m.status === 'PROBATIONARY' && m.probationEndsOn <= todayIso() },
    { key: 'transfer', label: t('form.transfer'), allowed: m.isMember },
    { key: 'exempt', label: t('form.exempt'), allowed: m.isMember && m.activity === 'ACTIVE' },
    { key: 'endExemption', label: t('form.endExemption'), allowed: m.isMember && m.activity === 'EXEMPT' },
    { key: 'terminate', label: t('form.terminate'), allowed: m.isMember },
  ];
  const formProps = { member: ref, asOf, onDone: () => close(true), onCancel: () => close(false) };

  return (
    <article className="member-page" aria-labelledby="member-heading">
      <Breadcrumbs trail={[...m.organization.ancestors, m.organization]} current={m.fullName} asOf={asOf} label={t('tree.label')} />
      <header className="page-head">
        <h1 id="member-heading">{m.fullName}</h1>
        <p className="muted">
          {t(`status.${m.status}`)} · {t(`activity.${m.activity}`)} · {t('member.partyAge')}: {t('member.years', { count: number(m.partyAgeYears) })}
          {m.badges.length > 0 && <> · ★ {m.badges.join(', ')}</>}
        </p>
        {!m.isMember && m.terminatedOn && (
          <p className="notice">{t('member.terminated', { date: date(m.terminatedOn), reason: m.terminationReason ? t(`reason.${m.terminationReason}`) : '' })}</p>
        )}
        {!m.isMember && !m.terminatedOn && <p className="notice">{t('member.notMember')}</p>}
      </header>

      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{t('member.profile')}</h2>
        <dl className="profile">
          <Row label={t('member.gender')}>{t(`gender.${m.gender}`)}</Row>
          {m.birthDate && <Row label={t('member.birthDate')}>{date(m.birthDate)}</Row>}
          {m.birthplace && <Row label={t('member.birthplace')}>{m.birthplace}</Row>}
          <Row label={t('member.organization')}>
            <Link to={orgPath(m.organization.id, asOf)}>{m.organization.name}</Link>
          </Row>
          {m.hostOrganization && <Row label={t('member.host')}>{m.hostOrganization.name}</Row>}
          <Row label={t('member.admittedOn')}>{date(m.admittedOn)}</Row>
          {m.status === 'PROBATIONARY' && <Row label={t('member.probationEndsOn')}>{date(m.probationEndsOn)}</Row>}
          {m.officialOn && <Row label={t('member.officialOn')}>{date(m.officialOn)}</Row>}
          {m.partyCardNumber && <Row label={t('member.cardNumber')}>{m.partyCardNumber}</Row>}
          {m.occupation && <Row label={t('member.occupation')}>{m.occupation}</Row>}
          {m.educationLevel && <Row label={t('member.education')}>{t(`edu.${m.educationLevel}`)}</Row>}
        </dl>
        {sensitive && (
          <section className="sensitive" aria-labelledby="sensitive-heading">
            <h3 id="sensitive-heading">{t('member.sensitive')}</h3>
            <dl className="profile">
              <Row label={t('member.ethnicity')}>{m.ethnicity ?? '–'}</Row>
              <Row label={t('member.religion')}>{m.religion ?? '–'}</Row>
              <Row label={t('member.citizenId')}>{m.citizenId ?? '–'}</Row>
              <Row label={t('member.familyBackground')}>
                <span className="pre-line">{m.familyBackground ?? '–'}</span>
              </Row>
            </dl>
          </section>
        )}
      </section>

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">{t('member.timeline')}</h2>
        <ol className="timeline">
          {m.events.map((e) => (
            <li key={e.id}>
              <time dateTime={e.effectiveOn}>{date(e.effectiveOn)}</time> <strong>{t(`event.${e.type}`)}</strong>
              {e.organization && <> · {e.organization.name}</>}
              {e.until && <> · {t('form.until')} {date(e.until)}</>}
              {e.reason && <> · {e.type === 'TERMINATED' && /^[A-Z_]+$/.test(e.reason) ? t(`reason.${e.reason as Reason}`) : e.reason}</>} · <span className="muted">{e.decisionRef}</span>
            </li>
          ))}
        </ol>
      </section>

      <section className="card" aria-labelledby="actions-heading">
        <h2 id="actions-heading">{t('member.actions')}</h2>
        {saved && (
          <p className="notice" role="status">
            {t('form.saved')}
          </p>
        )}
        {!canRecord(session) ? (
          <p className="muted">{t('member.readOnly')}</p>
        ) : (
          <>
            <div className="actions">
              {actions
                .filter((a) => a.allowed)
                .map((a) => (
                  <button
                    key={a.key}
                    type="button"
                    className={action === a.key ? '' : 'secondary'}
                    aria-pressed={action === a.key}
                    onClick={() => {
                      setSaved(false);
                      setAction(action === a.key ? null : a.key);
                    }}
                  >
                    {a.label}
                  </button>
                ))}
            </div>
            {action === 'recognize' && <RecognizeForm {...formProps} />}
            {action === 'transfer' && <TransferForm {...formProps} />}
            {action === 'exempt' && <ExemptForm {...formProps} />}
            {action === 'endExemption' && <EndExemptionForm {...formProps} />}
            {action === 'terminate' && <TerminateForm {...formProps} probationary={m.status === 'PROBATIONARY'} />}
          </>
        )}
      </section>
    </article>
  );
}
