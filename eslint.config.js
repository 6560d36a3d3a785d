import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

/**
 * The boundary table of docs/architecture.md ("Boundaries"), as data: for each folder, the folders it may
 * import (`may`, minus `mayNot`; the first matching `from` wins) and the packages it may not (`noPackages`) or the only ones it may
 * (`onlyPackages`). `<context>` stands for the importing file's own context folder. Keep the two in step.
 */
const BOUNDARIES = [
  { from: 'shared/domain', may: ['shared/domain'], onlyPackages: [] },
  { from: 'shared/contracts', may: ['shared/domain', 'shared/contracts'], onlyPackages: ['zod'] },
  { from: 'shared/adapters', may: ['shared/domain', 'shared/contracts', 'shared/adapters'] },
  // Only adapters talk to AWS: the HTTP factory and the task factory reach the table through them.
  { from: 'shared/http', may: ['shared/domain', 'shared/contracts', 'shared/adapters', 'shared/http'], noPackages: ['@aws-sdk/'] },
  { from: 'shared/tasks', may: ['shared/domain', 'shared/adapters', 'shared/tasks'], noPackages: ['@aws-sdk/'] },
  { from: 'functions/<context>', may: ['shared', 'functions/<context>'] },
  // Workflows take names and types from shared (error names, task entries), never behaviour.
  { from: 'workflows', may: ['workflows', 'shared/domain', 'shared/contracts'] },
  { from: 'infra/local', may: ['*'] },
  // The CDK app names functions by path (never imports them) and knows nothing of the local cloud.
  { from: 'infra', may: ['infra', 'workflows', 'shared/contracts', 'shared/domain'], mayNot: ['infra/local'] },
  // Tests and benchmarks drive everything, the local cloud included (docs/architecture.md, "Boundaries").
  { from: 'test', may: ['*'] },
  { from: 'bench', may: ['*'] },
];

const within = (file, folder) => file === folder || file.startsWith(`${folder}/`);

/** The boundary row for a repository-relative file, with `<context>` resolved to its context folder. */
const boundaryOf = (file) => {
  for (const row of BOUNDARIES) {
    const [base, placeholder] = row.from.split('/<context>');
    if (!within(file, base)) continue;
    if (placeholder === undefined) return row;
    const context = file.slice(base.length + 1).split('/')[0];
    return { ...row, may: row.may.map((folder) => folder.replace('<context>', context)) };
  }
  return undefined;
};

const packageRefusal = (row, specifier) => {
  if (specifier.startsWith('node:') && !row.onlyPackages) return undefined;
  if (row.onlyPackages && !row.onlyPackages.some((name) => specifier === name || specifier.startsWith(`${name}/`))) {
    return `${row.from} may import ${row.onlyPackages.length ? `only ${row.onlyPackages.join(', ')}` : 'no packages'}`;
  }
  const refused = row.noPackages?.find((prefix) => specifier.startsWith(prefix));
  return refused ? `${row.from} may not import ${refused}* (only shared/adapters talk to AWS)` : undefined;
};

const boundaries = {
  rules: {
    imports: {
      meta: { type: 'problem', schema: [], docs: { description: 'The boundary table of docs/architecture.md' } },
      create(context) {
        const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
        const row = boundaryOf(file);
        if (!row) return {};
        const check = (node) => {
          const specifier = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
          if (specifier === undefined) return;
          if (!specifier.startsWith('.')) {
            const refusal = packageRefusal(row, specifier);
            if (refusal) context.report({ node, message: `${refusal}: '${specifier}'` });
            return;
          }
          const target = path.relative(ROOT, path.resolve(path.dirname(context.filename), specifier)).split(path.sep).join('/');
          const inside = (folder) => within(target, folder) || within(`${target}.ts`, folder);
          const allowed = (row.may.includes('*') || row.may.some(inside)) && !(row.mayNot ?? []).some(inside);
          if (allowed) return;
          context.report({
            node,
            message: `${row.from} may import ${row.may.join(', ')}${row.mayNot ? ` but not ${row.mayNot.join(', ')}` : ''}; not '${target}' (docs/architecture.md, "Boundaries")`,
          });
        };
        return {
          ImportDeclaration: (node) => check(node.source),
          ExportNamedDeclaration: (node) => check(node.source),
          ExportAllDeclaration: (node) => check(node.source),
          ImportExpression: (node) => check(node.source),
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.local/', 'coverage/', 'bench/.bundles/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { boundaries },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
      'boundaries/imports': 'error',
    },
  },
  {
    files: ['functions/**/*.ts', 'shared/**/*.ts', 'workflows/**/*.ts'],
    rules: {
      'no-console': 'error',
      // Classic zod would quietly put ~70 KB back into every bundle (docs/architecture.md, "Lean bundles").
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: "Import z from shared/contracts/z.ts (zod/mini with zod's English messages)." },
            // DESIGN §3: every access pattern is a GetItem or a Query on a key (docs/data-model.md); a Scan reads the whole table.
            { name: '@aws-sdk/client-dynamodb', importNames: ['ScanCommand', 'ParallelScanCommand'], message: 'No Scan on a request, workflow or schedule path: add a key or an index (docs/data-model.md).' },
            { name: '@aws-sdk/lib-dynamodb', importNames: ['ScanCommand', 'paginateScan'], message: 'No Scan on a request, workflow or schedule path: add a key or an index (docs/data-model.md).' },
          ],
        },
      ],
    },
  },
);
