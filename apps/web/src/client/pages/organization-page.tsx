import { useQuery } from '@apollo/client';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { BarChart } from '../components/bar-chart';
import { Breadcrumbs } from '../components/breadcrumbs';
import { KindIcon } from '../components/kind-icon';
import { useSmallCellThreshold, Withheld, withheldText } from '../components/withheld';
import { Empty, ErrorState, errorCode, Loading } from '../components/states';
import { todayIso, yearOf } from '../dates';
import { AdmitForm, type ProspectRef } from '../forms/decision-forms';
import { ORGANIZATION_MEMBERS, ORGANIZATION_PAGE, RATING_DISTRIBUTION, READY_PROSPECTS } from '../graphql/operations';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { memberPath, orgPath, orgRef, useAsOf } from '../routing';
import { canRecord, canSeeSensitive, useSession } from '../session';
import type { OrganizationKind } from '../tree/tree-model';

type Grade = 'EXCELLENT' | 'GOOD' | 'COMPLETED' | 'NOT_COMPLETED';
type ChangeType = 'ESTABLISH' | 'RENAME' | 'MOVE' | 'MERGE' | 'SPLIT' | 'DISSOLVE' | 'UPGRADE' | 'DOWNGRADE';
interface Count {
  totalCount: number;
}
interface OrgRef {
  id: string;
  asOf: string;
  name: string;
}
interface TargetRow {
  organization: OrgRef;
  hasTarget: boolean;
  target: number;
  /** Null (with the rate and rank) when withheld as a small cell (analysts: docs/decisions/0021). */
  admitted: number | null;
  achievementRate: number | null;
  rank: number | null;
}
export interface OrganizationPageData {
  organization: {
    id: string;
    asOf: string;
    code: string;
    name: string;
    kind: OrganizationKind;
    sector: string | null;
    validFrom: string;
    validTo: string | null;
    ancestors: (OrgRef & { kind: OrganizationKind })[];
    /** Counts are null when withheld as small cells (analysts: docs/decisions/0021). */
    memberCount: number | null;
    probationary: number | null;
    prospects: Count;
    registered: Count;
    awareness: Count;
    helper: Count;
    introducers: Count;
    dossier: Count;
    cellResolution: Count;
    committeeResolution: Count;
    admissions: { total: number | null; byQuarter: { key: string; count: number | null }[] };
    admissionTarget: {
      hasTarget: boolean;
      target: number;
      admitted: number | null;
      achievementRate: number | null;
      quarters: { quarter: number; target: number | null; admitted: number | null; achievementRate: number | null }[];
    } | null;
    admissionPerformance: TargetRow[];
    qualityRating: { grade: Grade; score: number | null; decisionRef: string; gradeBasis: string; ruleSet: { code: string; name: string } } | null;
    changes: {
      id: string;
      type: ChangeType;
      effectiveOn: string;
      decisionRef: string;
      previousName: string | null;
      newName: string | null;
      previousKind: OrganizationKind | null;
      newKind: OrganizationKind | null;
      previousParent: OrgRef | null;
      newParent: OrgRef | null;
    }[];
  } | null;
}

const PIPELINE: { alias: keyof NonNullable<OrganizationPageData['organization']>; stage: MessageKey }[] = [
  { alias: 'registered', stage: 'stage.REGISTERED' },
  { alias: 'awareness', stage: 'stage.AWARENESS_CLASS_PASSED' },
  { alias: 'helper', stage: 'stage.HELPER_ASSIGNED' },
  { alias: 'introducers', stage: 'stage.INTRODUCERS_ASSIGNED' },
  { alias: 'dossier', stage: 'stage.DOSSIER_COMPLETE' },
  { alias: 'cellResolution', stage: 'stage.CELL_RESOLUTION' },
  { alias: 'committeeResolution', stage: 'stage.COMMITTEE_RESOLUTION' },
];
const GRADES: Grade[] = ['EXCELLENT', 'GOOD', 'COMPLETED', 'NOT_COMPLETED'];

/**
 * Admissions per quarter against the quarter's target (or, without quarterly targets, the admissions alone).
 * A quarter withheld as a small cell is drawn empty, labelled `withheld` ("<5").
 */
export function quarterChartData(org: NonNullable<OrganizationPageData['organization']>, label: (q: number) => string, withheld = withheldText(5)) {
  return [1, 2, 3, 4].map((q) => {
    const fromTarget = org.admissionTarget?.quarters.find((x) => x.quarter === q);
    const admitted = fromTarget ? fromTarget.admitted : (org.admissions.byQuarter.find((x) => x.key === String(q))?.count ?? 0);
    return { key: `q${q}`, label: label(q), value: admitted ?? 0, target: fromTarget?.target ?? null, ...(admitted === null ? { valueText: withheld } : {}) };
  });
}

/** A count, or "<5" explained when it is withheld. */
function countNode(n: number | null, number: (n: number) => string) {
  return n === null ? <Withheld /> : number(n);
}

function Figure({ label, value, detail }: { label: string; value: ReactNode; detail?: string }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>
        <span className="figure-value">{value}</span>
        {detail && <span className="figure-detail">{detail}</span>}
      </dd>
    </div>
  );
}

/** The member list's order, sent as `orderBy` (Organization.members): sorted and paged by the server. */
export interface MemberOrder {
  field: 'NAME' | 'ADMITTED_ON' | 'STATUS';
  direction: 'ASC' | 'DESC';
}
interface MemberRowData {
  id: string;
  asOf: string;
  fullName: string;
  gender: 'MALE' | 'FEMALE';
  /** Only for users allowed to see sensitive fields. */
  birthDate?: string | null;
  status: 'PROBATIONARY' | 'OFFICIAL';
  activity: 'ACTIVE' | 'EXEMPT' | 'TEMPORARILY_AWAY';
  admittedOn: string;
  organization: OrgRef;
}
interface MembersData {
  organization: { id: string; asOf: string; members: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { cursor: string; node: MemberRowData }[] } } | null;
}

/**
 * Members placed here (or anywhere under): filtered, ordered and paged by the server. A new filter or
 * order asks for its first page (the cache keeps each order's pages apart: apollo.ts).
 */
export function MemberList({ orgId, asOf, isCell }: { orgId: string; asOf: string | null; isCell: boolean }) {
  const { t, date, number } = useI18n();
  const { session } = useSession();
  const sensitive = canSeeSensitive(session);
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const [includeDescendants, setIncludeDescendants] = useState(!isCell);
  const [order, setOrder] = useState<MemberOrder>({ field: 'NAME', direction: 'ASC' });
  const filter = { text: text.trim() || null, status: status ? [status] : null };
  const { data, loading, error, fetchMore, refetch } = useQuery<MembersData>(ORGANIZATION_MEMBERS, {
    variables: { id: orgId, asOf, first: 50, filter, includeDescendants, orderBy: order, sensitive },
    notifyOnNetworkStatusChange: true,
  });
  const conn = data?.organization?.members;
  const rows = (conn?.edges ?? []).map((e) => e.node);
  const sorted = (field: MemberOrder['field']) => (order.field === field ? (order.direction === 'ASC' ? 'ascending' : 'descending') : undefined);
  return (
    <section aria-labelledby="members-heading" className="card">
      <h2 id="members-heading">{t('org.memberList')}</h2>
      <div className="filters">
        <label>
          {t('org.filterText')} <input type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        <label>
          {t('org.filterStatus')}{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">{t('org.filterAll')}</option>
            <option value="PROBATIONARY">{t('status.PROBATIONARY')}</option>
            <option value="OFFICIAL">{t('status.OFFICIAL')}</option>
          </select>
        </label>
        <label>
          <input type="checkbox" checked={includeDescendants} onChange={(e) => setIncludeDescendants(e.target.checked)} /> {t('org.includeDescendants')}
        </label>
        <label>
          {t('org.sortBy')}{' '}
          <select value={order.field} onChange={(e) => setOrder({ ...order, field: e.target.value as MemberOrder['field'] })}>
            <option value="NAME">{t('col.name')}</option>
            <option value="ADMITTED_ON">{t('col.admittedOn')}</option>
            <option value="STATUS">{t('col.status')}</option>
          </select>
        </label>
        <label>
          {t('org.sortDirection')}{' '}
          <select value={order.direction} onChange={(e) => setOrder({ ...order, direction: e.target.value as MemberOrder['direction'] })}>
            <option value="ASC">{t('org.sortAsc')}</option>
            <option value="DESC">{t('org.sortDesc')}</option>
          </select>
        </label>
      </div>
      {error && !conn ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !conn ? (
        <Loading />
      ) : conn.totalCount === 0 ? (
        <Empty>{t('org.noMembers')}</Empty>
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('org.shownOfTotal', { shown: number(rows.length), total: number(conn.totalCount) })}
          </p>
          <table className="data">
            <thead>
              <tr>
                <th scope="col" aria-sort={sorted('NAME')}>{t('col.name')}</th>
                <th scope="col">{t('col.birthDate')}</th>
                <th scope="col" aria-sort={sorted('STATUS')}>{t('col.status')}</th>
                <th scope="col">{t('col.activity')}</th>
                <th scope="col" aria-sort={sorted('ADMITTED_ON')}>{t('col.admittedOn')}</th>
                <th scope="col">{t('col.organization')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={memberPath(m.id, asOf)}>{m.fullName}</Link>
                  </td>
                  <td>{m.birthDate ? date(m.birthDate) : '—'}</td>
                  <td>{t(`status.${m.status}`)}</td>
                  <td>{t(`activity.${m.activity}`)}</td>
                  <td>{date(m.admittedOn)}</td>
                  <td>{m.organization.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {conn.pageInfo.hasNextPage && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void fetchMore({ variables: { after: conn.pageInfo.endCursor } })}>
              {loading ? t('state.loading') : t('org.loadMoreMembers')}
            </button>
          )}
        </>
      )}
    </section>
  );
}

interface ReadyData {
  organization: { id: string; asOf: string; prospects: { totalCount: number; edges: { node: ProspectRef & { birthDate?: string | null; version: number } }[] } } | null;
}

/** Prospects with the committee's resolution, each with an admission form for officers. */
function ReadyToAdmit({ orgId, asOf }: { orgId: string; asOf: string | null }) {
  const { t, date } = useI18n();
  const { session } = useSession();
  const [admitting, setAdmitting] = useState<ProspectRef | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const { data, error, refetch } = useQuery<ReadyData>(READY_PROSPECTS, { variables: { id: orgId, asOf, sensitive: canSeeSensitive(session) } });
  const list = data?.organization?.prospects.edges.map((e) => e.node) ?? [];
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!list.length && !done) return null;
  return (
    <div className="ready">
      <h3>{t('org.readyToAdmit')}</h3>
      {done && (
        <p className="notice" role="status">
          {t('form.saved')} {done}
        </p>
      )}
      <ul>
        {list.map((p) => (
          <li key={p.id}>
            <span>
              {p.fullName}{p.birthDate ? ` · ${date(p.birthDate)}` : ''} · {p.organization.name}
            </span>
            {canRecord(session) && (
              <button type="button" onClick={() => setAdmitting(p)} aria-label={`${t('org.admit')} ${p.fullName}`}>
                {t('org.admit')}
              </button>
            )}
          </li>
        ))}
      </ul>
      {admitting && (
        <AdmitForm
          prospect={admitting}
          asOf={asOf}
          onCancel={() => setAdmitting(null)}
          onDone={() => {
            setDone(admitting.fullName);
            setAdmitting(null);
          }}
        />
      )}
    </div>
  );
}

function Ratings({ org, year }: { org: NonNullable<OrganizationPageData['organization']>; year: number }) {
  const { t, number } = useI18n();
  const dist = useQuery<{ ratingDistribution: { grade: Grade; count: number }[] }>(RATING_DISTRIBUTION, { variables: { under: org.id, year } });
  const r = org.qualityRating;
  return (
    <section aria-labelledby="ratings-heading" className="card">
      <h2 id="ratings-heading">{t('org.ratings', { year })}</h2>
      <h3>{t('org.rating')}</h3>
      {r ? (
        <p className="rating">
          <strong className={`grade grade-${r.grade}`}>{t(`grade.${r.grade}`)}</strong>
          {r.score != null && <> · {number(r.score)}/100</>} · {r.ruleSet.name} · {r.decisionRef}
        </p>
      ) : (
        <p className="muted">{t('org.notRated', { year })}</p>
      )}
      <h3>{t('org.distribution')}</h3>
      {dist.error ? (
        <ErrorState error={dist.error} onRetry={() => void dist.refetch()} />
      ) : !dist.data ? (
        <Loading />
      ) : dist.data.ratingDistribution.every((g) => g.count === 0) ? (
        <p className="muted">{t('org.notRated', { year })}</p>
      ) : (
        <BarChart
          hideCaption
          caption={t('org.distribution')}
          valueHeader={t('col.count')}
          data={GRADES.map((g) => ({ key: g, label: t(`grade.${g}`), value: dist.data!.ratingDistribution.find((x) => x.grade === g)?.count ?? 0 }))}
        />
      )}
    </section>
  );
}

export function OrganizationPage() {
  const { t, date, number, percent } = useI18n();
  const { ref = '' } = useParams();
  const [asOf] = useAsOf();
  const [yearChoice, setYearChoice] = useState<number | null>(null);
  const year = yearChoice ?? yearOf(asOf);
  const { data, loading, error, refetch } = useQuery<OrganizationPageData>(ORGANIZATION_PAGE, { variables: { ...orgRef(ref), asOf, year } });
  const org = data?.organization;
  const anyWithheld =
    !!org &&
    (org.memberCount === null ||
      org.probationary === null ||
      org.admissions.total === null ||
      org.admissions.byQuarter.some((q) => q.count === null) ||
      org.admissionTarget?.admitted === null ||
      !!org.admissionTarget?.quarters.some((q) => q.admitted === null) ||
      org.admissionPerformance.some((r) => r.admitted === null));
  const withheld = withheldText(useSmallCellThreshold(anyWithheld));

  if (loading && !data) return <Loading />;
  if (error && !org) {
    const code = errorCode(error);
    if (code === 'FORBIDDEN') return <ErrorState error={error}>{t('state.forbidden', { code: ref })}</ErrorState>;
    return <ErrorState error={error} onRetry={() => void refetch()} />;
  }
  if (!org) return <Empty>{t('state.notFound', { date: date(asOf ?? todayIso()) })}</Empty>;

  const target = org.admissionTarget?.hasTarget ? org.admissionTarget : null;
  // Rows whose admissions are withheld are unranked and listed last (docs/decisions/0021).
  const ranked = org.admissionPerformance.filter((r) => r.hasTarget);
  const pipeline = PIPELINE.map((p) => ({ key: p.alias, label: t(p.stage), value: (org[p.alias] as Count).totalCount }));
  const years = Array.from({ length: 8 }, (_, i) => yearOf(null) - i);
  const isCell = org.kind === 'CELL' || org.kind === 'GRASSROOTS_CELL';

  return (
    <article className="org-page" aria-labelledby="org-heading">
      <Breadcrumbs trail={org.ancestors} current={org.name} asOf={asOf} label={t('tree.label')} />
      <header className="page-head">
        <h1 id="org-heading">
          <KindIcon kind={org.kind} /> {org.name}
        </h1>
        <p className="muted">
          {t(`kind.${org.kind}`)} · {t('org.code')} {org.code} · {t('org.validFrom')} {date(org.validFrom)}
          {org.validTo && (
            <>
              {' '}
              · {t('org.validTo')} {date(org.validTo)}
            </>
          )}
        </p>
        <label className="year">
          {t('org.year')}{' '}
          <select value={year} onChange={(e) => setYearChoice(Number(e.target.value))}>
            {(years.includes(year) ? years : [year, ...years]).map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
      </header>

      <section aria-labelledby="figures-heading" className="card">
        <h2 id="figures-heading">{t('org.figures')}</h2>
        <dl className="figures">
          <Figure label={t('org.members')} value={countNode(org.memberCount, number)} />
          <Figure label={t('org.probationary')} value={countNode(org.probationary, number)} />
          <Figure label={t('org.prospects')} value={number(org.prospects.totalCount)} />
          <Figure
            label={t('org.admitted', { year })}
            value={countNode(target ? target.admitted : org.admissions.total, number)}
            detail={target ? t('org.againstTarget', { target: number(target.target), rate: target.achievementRate === null ? '–' : percent(target.achievementRate) }) : t('org.noTarget')}
          />
        </dl>
      </section>

      <section aria-labelledby="charts-heading" className="card charts">
        <h2 id="charts-heading" className="visually-hidden">
          {t('org.quarterChart', { year })}
        </h2>
        <BarChart
          caption={t('org.quarterChart', { year })}
          valueHeader={t('org.admittedShort')}
          targetHeader={t('org.target')}
          data={quarterChartData(org, (q) => t('org.quarter', { quarter: q }), withheld)}
        />
        {ranked.length ? (
          <BarChart
            caption={t('org.ranking', { year })}
            valueHeader={t('org.admittedShort')}
            max={100}
            data={ranked.map((r) => ({
              key: r.organization.id,
              label: r.rank === null ? r.organization.name : `${r.rank}. ${r.organization.name}`,
              value: Math.round((r.achievementRate ?? 0) * 100),
              target: 100,
              valueText: r.admitted === null || r.achievementRate === null ? `– (${withheld}/${number(r.target)})` : `${percent(r.achievementRate)} (${number(r.admitted)}/${number(r.target)})`,
            }))}
          />
        ) : (
          <p className="muted">{t('org.rankingEmpty', { year })}</p>
        )}
      </section>

      <MemberList key={`${org.id}@${org.asOf}`} orgId={org.id} asOf={asOf} isCell={isCell} />

      <section aria-labelledby="pipeline-heading" className="card">
        <h2 id="pipeline-heading">{t('org.pipeline')}</h2>
        {org.prospects.totalCount === 0 ? <p className="muted">{t('org.pipelineEmpty')}</p> : <BarChart caption={t('org.pipeline')} valueHeader={t('col.count')} data={pipeline} />}
        <ReadyToAdmit orgId={org.id} asOf={asOf} />
      </section>

      <Ratings org={org} year={year} />

      <section aria-labelledby="history-heading" className="card">
        <h2 id="history-heading">{t('org.history')}</h2>
        {org.changes.length === 0 ? (
          <p className="muted">{t('org.noHistory')}</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('col.date')}</th>
                <th scope="col">{t('col.change')}</th>
                <th scope="col">{t('col.details')}</th>
                <th scope="col">{t('col.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {org.changes.map((c) => (
                <tr key={c.id}>
                  <td>{date(c.effectiveOn)}</td>
                  <td>{t(`change.${c.type}`)}</td>
                  <td>
                    {c.previousName && c.newName && c.previousName !== c.newName && `${c.previousName} → ${c.newName}`}
                    {c.previousParent && c.newParent && c.previousParent.id !== c.newParent.id && (
                      <>
                        <Link to={orgPath(c.previousParent.id, c.previousParent.asOf)}>{c.previousParent.name}</Link> → <Link to={orgPath(c.newParent.id, c.newParent.asOf)}>{c.newParent.name}</Link>
                      </>
                    )}
                    {c.previousKind && c.newKind && c.previousKind !== c.newKind && `${t(`kind.${c.previousKind}`)} → ${t(`kind.${c.newKind}`)}`}
                  </td>
                  <td>{c.decisionRef}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
