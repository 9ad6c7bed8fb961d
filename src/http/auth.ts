/**
 * Optional bearer-token auth. Tokens come from AUTH_TOKENS and/or AUTH_TOKENS_FILE (one per line),
 * each `token` (any service) or `token:receiver+informer` (only those). No token configured means
 * auth is off. Comparison is constant-time: every known token's SHA-256 digest is compared with
 * timingSafeEqual, all of them, whatever matches first.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { ConveyorError } from '../errors.ts';

interface KnownToken { digest: Buffer; services: Set<string> | undefined }

export interface AuthSettings {
  authTokens: string[];
  authTokensFile: string;
  authPublicPaths: string[];
}

const digest = (token: string): Buffer => createHash('sha256').update(token).digest();

export function parseTokens(entries: string[]): KnownToken[] {
  return entries.map((e) => e.trim()).filter((e) => e && !e.startsWith('#')).map((entry) => {
    const sep = entry.lastIndexOf(':');
    if (sep <= 0) return { digest: digest(entry), services: undefined };
    return { digest: digest(entry.slice(0, sep)), services: new Set(entry.slice(sep + 1).split('+').map((s) => s.trim().toLowerCase())) };
  });
}

/** Which known token a presented one is (or undefined), in time independent of the match. */
export function matchToken(known: KnownToken[], presented: string): KnownToken | undefined {
  const d = digest(presented);
  let found: KnownToken | undefined;
  for (const k of known) if (timingSafeEqual(k.digest, d) && !found) found = k;
  return found;
}

export function registerAuth(app: FastifyInstance, settings: AuthSettings, service: string): void {
  const entries = [...settings.authTokens];
  if (settings.authTokensFile) entries.push(...readFileSync(settings.authTokensFile, 'utf8').split('\n'));
  const known = parseTokens(entries);
  if (known.length === 0) return;
  const isPublic = (path: string): boolean => settings.authPublicPaths.some((p) => path === p || path.startsWith(`${p}/`));
  app.addHook('onRequest', async (request) => {
    const path = request.url.split('?')[0] ?? '';
    if (isPublic(path)) return;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (!match) throw new ConveyorError('UNAUTHORIZED', 'Missing bearer token (Authorization: Bearer <token>)');
    const token = matchToken(known, match[1]!);
    if (!token) throw new ConveyorError('UNAUTHORIZED', 'Unknown bearer token');
    if (token.services && !token.services.has(service)) throw new ConveyorError('FORBIDDEN', `This token is not allowed on the ${service}`);
  });
}
