// ESLint flat config: small and strict. Syntax-only typescript-eslint rules (no type information) keep
// `npm run lint` fast; `tsc --noEmit` does the type checking.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'src/generated/', 'coverage/', '.data/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    rules: {
      // The server logs through pino (app.log / request.log), never to the console.
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      eqeqeq: ['error', 'always'],
      'no-var': 'error',
      'prefer-const': 'error',
    },
  },
  {
    // Command-line tools and benchmarks talk to a terminal; src/main.ts reports a configuration error before
    // any logger exists.
    files: ['tools/**', 'bench/**', 'src/main.ts'],
    rules: { 'no-console': 'off' },
  },
);
