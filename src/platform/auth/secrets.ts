// Passwords (argon2id) and bearer tokens. A token names its tenant and row so it can be found with
// one indexed lookup inside the right tenant; only a SHA-256 of its secret part is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes): strong, and quick enough to seed demo users.
const argonOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => argon2.hash(password, argonOptions);

/** A hash of a random password, verified against when the user does not exist, so timing matches. */
let decoy: Promise<string> | undefined;
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    decoy ??= hashPassword(randomBytes(16).toString('hex'));
    await argon2.verify(await decoy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}

export type TokenKind = 'session' | 'api';
const prefixes: Record<TokenKind, string> = { session: 'rps_', api: 'rpa_' };

export interface ParsedToken {
  kind: TokenKind;
  tenantId: string;
  id: string;
  secret: string;
}

const hex = (uuid: string) => uuid.replaceAll('-', '');
const unhex = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;

export function newToken(kind: TokenKind, tenantId: string, id: string): { token: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${prefixes[kind]}${hex(tenantId)}${hex(id)}${secret}`, secretHash: sha256(secret) };
}

export function parseToken(token: string): ParsedToken | null {
  const m = /^(rps_|rpa_)([0-9a-f]{32})([0-9a-f]{32})([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return null;
  return { kind: m[1] === 'rps_' ? 'session' : 'api', tenantId: unhex(m[2]!), id: unhex(m[3]!), secret: m[4]! };
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const randomToken = () => randomBytes(24).toString('base64url');
