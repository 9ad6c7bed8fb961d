import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bool, int, list, loadConfig, oneOf, str } from '../../../src/config/env.ts';
import { ConveyorError } from '../../../src/errors.ts';

const schema = {
  port: int('PORT', 8001, 'port', 1, 65535),
  name: str('NAME', 'x', 'name'),
  mode: oneOf('MODE', 'a', ['a', 'b'] as const, 'mode'),
  on: bool('ON', false, 'flag'),
  brokers: list('BROKERS', ['k:9092'], 'brokers'),
};

describe('loadConfig', () => {
  it('uses defaults when variables are unset', () => {
    assert.deepEqual(loadConfig(schema, {}), { port: 8001, name: 'x', mode: 'a', on: false, brokers: ['k:9092'] });
  });
  it('parses every type', () => {
    assert.deepEqual(loadConfig(schema, { PORT: '9000', NAME: 'n', MODE: 'b', ON: 'yes', BROKERS: 'a:1, b:2' }),
      { port: 9000, name: 'n', mode: 'b', on: true, brokers: ['a:1', 'b:2'] });
  });
  it('fails fast listing every bad variable with a stable code', () => {
    assert.throws(() => loadConfig(schema, { PORT: '70000', MODE: 'c', ON: 'maybe' }), (e: unknown) => {
      assert.ok(e instanceof ConveyorError);
      assert.equal(e.code, 'CONVEYOR_CONFIG_INVALID');
      assert.match(e.message, /PORT must be <= 65535/);
      assert.match(e.message, /MODE must be one of a, b/);
      assert.match(e.message, /ON must be true or false/);
      return true;
    });
  });
  it('rejects a non-integer', () => assert.throws(() => loadConfig(schema, { PORT: '80a' }), /PORT must be an integer/));
});
