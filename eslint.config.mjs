import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

// The module order (issue 18): a module imports only itself and the modules before it.
// firms and staff sit on one level above platform (staff's region scope reads firms' GB/T 2260
// codes); the composition root (app.module, bootstrap, main, evidence-kinds) is above them all.
const MODULE_ORDER = ['platform', 'firms', 'staff', 'evidence-chain', 'ingest', 'scoring', 'alerts', 'cage', 'api'];
const BELOW = { staff: ['platform', 'firms'], 'evidence-chain': ['platform'] };
const allowedFrom = (module) => BELOW[module] ?? MODULE_ORDER.slice(0, MODULE_ORDER.indexOf(module));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.services/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // process.env is read in one place only (platform/config); scripts and tests are exempt below.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/platform/config.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      'boundaries/elements': [
        ...MODULE_ORDER.map((module) => ({ type: module, pattern: `src/${module}` })),
        { type: 'test-support', pattern: 'test/support' },
      ],
      'boundaries/files': [{ category: 'spec', pattern: 'src/*/**/*.spec.ts' }],
    },
    rules: {
      // The composition root (src/*.ts) belongs to no module: modules may not import it.
      'boundaries/no-unknown-dependencies': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            // Unit specs beside the code may use the shared test factories; production code may not.
            {
              from: { file: { categories: { anyOf: ['spec'] } } },
              allow: { to: { element: { type: 'test-support' } } },
            },
            ...MODULE_ORDER.map((module) => ({
              from: { element: { type: module } },
              allow: { to: { element: { types: { anyOf: [module, ...allowedFrom(module)] } } } },
            })),
          ],
        },
      ],
    },
  },
  {
    files: ['src/platform/config/**', 'test/**', 'scripts/**', 'src/**/*.cli.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests read loosely typed JSON answers of the service under test.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
