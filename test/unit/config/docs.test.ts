import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { configurationMarkdown } from '../../../src/config/describe.ts';

it('docs/configuration.md documents every option with its current default', () => {
  const doc = readFileSync(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
  assert.equal(doc, configurationMarkdown(), 'regenerate with: node src/config/describe.ts > docs/configuration.md');
});
