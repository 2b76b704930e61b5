import { useLazyQuery } from '@apollo/client';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { KindIcon } from '../components/kind-icon';
import { SEARCH_ORGANIZATIONS } from '../graphql/operations';
import { useI18n } from '../i18n/i18n';
import type { OrganizationKind } from './tree-model';

export interface SearchHit {
  id: string;
  asOf: string;
  code: string;
  name: string;
  kind: OrganizationKind;
  ancestors: { id: string; asOf: string; name: string }[];
}

/**
 * Diacritics-insensitive search of the organisations in the user's scope on the as-of day
 * (the server folds "ninh hai" and "Ninh Hải" alike): a combobox with a list of hits.
 */
export function OrgSearch({ asOf, onPick }: { asOf: string | null; onPick: (hit: SearchHit) => void }) {
  const { t } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [search, { data, loading, error }] = useLazyQuery<{ searchOrganizations: SearchHit[] }>(SEARCH_ORGANIZATIONS);
  const query = text.trim();

  // Typing opens the list; another as-of day refreshes the hits without opening it.
  const typed = useRef('');
  useEffect(() => {
    if (query.length < 2) return;
    const timer = setTimeout(() => {
      void search({ variables: { text: query, asOf, first: 15 } });
      if (typed.current !== query) {
        typed.current = query;
        setOpen(true);
        setActive(0);
      }
    }, 250);
    return () => clearTimeout(timer);
  }, [query, asOf, search]);

  const hits = query.length >= 2 ? (data?.searchOrganizations ?? []) : [];
  const pick = (hit: SearchHit) => {
    setOpen(false);
    onPick(hit);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && hits.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp' && hits.length) {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && open && hits[active]) {
      e.preventDefault();
      pick(hits[active]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  const expanded = open && query.length >= 2;
  return (
    <div className="org-search">
      <label htmlFor={`${id}-input`}>{t('search.label')}</label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        aria-expanded={expanded}
        aria-controls={`${id}-list`}
        aria-autocomplete="list"
        aria-activedescendant={expanded && hits[active] ? `${id}-opt-${active}` : undefined}
        placeholder={t('search.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onFocus={() => hits.length && setOpen(true)}
        onBlur={() => setOpen(false)}
        autoComplete="off"
      />
      <div className={`search-popup${expanded ? ' open' : ''}`}>
        {expanded && loading && <p className="search-status" role="status">{t('state.loading')}</p>}
        {expanded && error && <p className="search-status" role="alert">{t('state.error', { message: error.message })}</p>}
        {expanded && !loading && !error && data && hits.length === 0 && <p className="search-status" role="status">{t('search.none', { text: query })}</p>}
        <ul id={`${id}-list`} role="listbox" aria-label={t('search.label')} hidden={!expanded || hits.length === 0}>
          {hits.map((hit, i) => (
            <li
              key={hit.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(hit)}
            >
              <KindIcon kind={hit.kind} />
              <span className="hit-name">{hit.name}</span>
              {hit.ancestors.length > 0 && <span className="hit-path">{hit.ancestors.map((a) => a.name).join(' › ')}</span>}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
