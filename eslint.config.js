import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.hennep/', 'test-results/', 'dist/', 'coverage/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      // Spreading a data-sized array into a call's arguments fails with "Maximum call
      // stack size exceeded" somewhere above 100,000 elements. These are the calls that
      // take data-sized arrays: loop or reduce instead.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(push|unshift|splice|max|min|fromCharCode|fromCodePoint|apply)$/] > SpreadElement',
          message:
            'no spread into push/unshift/splice/Math.max/Math.min/fromCharCode: it overflows the stack above ~100,000 elements; loop or reduce',
        },
      ],
    },
  },
  {
    // Small files and short functions, so a reader sees a whole idea at once. A function
    // that must be longer says why in an eslint-disable comment on it.
    files: ['**/*.ts', '**/*.js'],
    ignores: ['test/**'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  {
    // The web page: browser modules, no Node. The element classes are the ones the page
    // checks elements against (`instanceof`, `byId`).
    files: ['web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'document',
          'window',
          'location',
          'history',
          'sessionStorage',
          'localStorage',
          'fetch',
          'URL',
          'URLSearchParams',
          'crypto',
          'btoa',
          'TextEncoder',
          'Node',
          'setTimeout',
          'HTMLElement',
          'HTMLButtonElement',
          'HTMLDialogElement',
          'HTMLFormElement',
          'HTMLInputElement',
        ].map((g) => [g, 'readonly']),
      ),
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
