import 'reflect-metadata';

export * from './audit';
export * from './authorization';
export * from './config';
export * from './connection';
export * from './context';
export * from './database';
export * from './errors';
export * from './federation';
export * from './identity';
export * from './loaders';
export * from './logger';
export * from './ids';
export * from './scalars';
export * from './search-text';
export * from './suppression';
export * from './server';
