import assert from 'node:assert/strict';
import { it } from 'node:test';
import { matchToken, parseTokens } from '../../../src/http/auth.ts';

it('parses tokens with and without service scopes, skipping blanks and comments', () => {
  const known = parseTokens(['alpha', ' beta:receiver+Informer ', '', '# a comment']);
  assert.equal(known.length, 2);
  assert.equal(matchToken(known, 'alpha')?.services, undefined);
  assert.deepEqual([...matchToken(known, 'beta')!.services!], ['receiver', 'informer']);
  assert.equal(matchToken(known, 'gamma'), undefined);
  assert.equal(matchToken(known, 'alph'), undefined, 'a prefix is not a match');
});
