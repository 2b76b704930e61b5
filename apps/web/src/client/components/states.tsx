import type { ApolloError } from '@apollo/client';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('state.loading')}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="state state-empty">{children ?? t('state.empty')}</p>;
}

/** The code of the first GraphQL error (FORBIDDEN, NOT_FOUND, …), if any. */
export function errorCode(error: ApolloError | undefined | null): string | null {
  const code = error?.graphQLErrors?.[0]?.extensions?.code;
  return typeof code === 'string' ? code : null;
}

export function ErrorState({ error, onRetry, children }: { error: ApolloError | Error; onRetry?: () => void; children?: ReactNode }) {
  const { t } = useI18n();
  const apollo = error as ApolloError;
  const network = !!apollo.networkError && !apollo.graphQLErrors?.length;
  const message = children ?? (network ? t('state.network') : t('state.error', { message: apollo.graphQLErrors?.[0]?.message ?? error.message }));
  return (
    <div className="state state-error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}
