// Type-aware rules that catch real bugs in async workers; style is left to the formatter.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const WALL_CLOCK =
  "Reads today's date: pin a simulated instant in the test (fixedClock, the bank simulator's clock), or measure real durations and deadlines with realNowMs() from @payout/test-harness.";

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.tools/**', '**/fixtures/**', 'coverage/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      ...js.configs.recommended.rules,
      // TypeScript checks these better than ESLint can.
      'no-undef': 'off',
      'no-unused-vars': 'off',
      'no-redeclare': 'off',
      'no-dupe-class-members': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      // Money never goes through floats: parseFloat/Number on amounts is how precision is lost.
      'no-restricted-globals': [
        'error',
        {
          name: 'parseFloat',
          message: 'Money and amounts are bigint minor units; parse decimal strings with @payout/domain parseAmountMinor.',
        },
      ],
      'no-empty': ['error', { allowEmptyCatch: true }],
      'no-control-regex': 'off',
    },
  },
  {
    // Time is an input: tests, test support, benches, the harness and the demo never read the
    // machine's date. Business dates come from a clock pinned in the test (fixedClock, the bank
    // simulator's clock); real durations and deadlines from realNowMs() in
    // test/harness/src/real-time.ts, the one file allowed to read real time.
    files: [
      '**/*.test.ts',
      '**/test-support/**/*.ts',
      'test/**/*.ts',
      '**/*bench*.ts',
      'services/cli/src/stack/demo-*.ts',
      'services/cli/src/commands/demo.command.ts',
    ],
    ignores: ['test/harness/src/real-time.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: WALL_CLOCK },
        { selector: "CallExpression[callee.name='Date']", message: WALL_CLOCK },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: WALL_CLOCK },
        { object: 'Temporal', property: 'Now', message: WALL_CLOCK },
      ],
    },
  },
);
