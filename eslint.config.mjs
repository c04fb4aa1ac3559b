import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.services/**', 'data/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // process.env is read in one place only (platform/config); scripts and tests are exempt below.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read configuration through src/platform/config.' }],
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
