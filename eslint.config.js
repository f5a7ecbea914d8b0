import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'coverage/'] },
  js.configs.recommended,
  { languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through src/config.ts only.' }],
    },
  },
  { files: ['web/src/**'], languageOptions: { globals: globals.browser } },
  { files: ['src/config.ts', 'test/**', 'bench/**', 'scripts/**', 'bin/**', 'web/vite.config.ts'], rules: { 'no-restricted-properties': 'off' } },
)
