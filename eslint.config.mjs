// One lint configuration for the workspace: recommended rules for TypeScript,
// plus the project's own: no focused or skipped tests, no process.env outside config modules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '**/coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/src/**/*.ts'],
    ignores: ['**/src/**/config.ts'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration in config.ts only.' }],
    },
  },
  {
    files: ['**/test/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'test', property: 'only' },
        { object: 'test', property: 'skip' },
        { object: 'it', property: 'only' },
        { object: 'it', property: 'skip' },
        { object: 'describe', property: 'only' },
        { object: 'describe', property: 'skip' },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', globalThis: 'readonly', fetch: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', URL: 'readonly' } } },
);
