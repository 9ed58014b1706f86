// ESLint: typescript-eslint's recommended rules, and the layer rule that keeps src/'s imports pointing down.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import layers from './build/eslint/layers.mjs';

export default defineConfig(
  { ignores: ['dist/', '.cache/', 'node_modules/', 'test-artifacts/', 'coverage/', '.tap/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // `catch {}` and deliberately ignored results are how the code says "a failure here is recorded elsewhere".
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // A `!` is an unchecked claim: narrow the type (or give it one that says so) instead.
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    // Plain CommonJS build and bench scripts: require() is how they load modules.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Stand-ins that load the real module on first use: esbuild turns their require() into a lazy initialiser.
    files: ['build/deferred/*.mjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Tests read package.json and load the CommonJS build scripts (build/*.cjs) where they need them.
      '@typescript-eslint/no-require-imports': 'off',
      // tap's Test objects are handed to shared helpers untyped (tap's own types are generated per project).
      '@typescript-eslint/no-explicit-any': 'off',
      // A test asserts on values it has just built or read; a wrong `!` fails that test at once, in the test.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    plugins: { layers },
    rules: { 'layers/imports-point-down': 'error' },
  },
);
