// ESLint's flat config for the page (npm run lint; tools/dev test runs it): the recommended
// rules; the page's sources run in the browser, the tests, the end-to-end test and the build in
// node. Prettier (.prettierrc) owns the layout, so no rule here is about it.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/'] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  { files: ['src/**/*.js'], languageOptions: { globals: globals.browser } },
  {
    files: ['test/**/*.mjs', 'e2e/**/*.mjs', 'build.mjs', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
];
