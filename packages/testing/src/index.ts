export * from './database';
export * from './platform';
export * from './statement-counter';
export * from './oidc';
