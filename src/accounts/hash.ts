// Account numbers never rest in clear: people see a mask (last four characters), matching uses an
// HMAC-SHA-256 of the normalised number under the tenant's own random key (account_keys), so equal
// numbers match within a tenant while a leaked hash column cannot be brute-forced without the key
// and says nothing across tenants. The key is made on first use and never changes.
import { createHmac, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accountKeys } from './tables.ts';

/** Spaces, dashes, dots and slashes are formatting; letters compare upper-case (IBANs). */
export const normaliseNumber = (n: string) => n.replace(/[\s\-./]/g, '').toUpperCase();

export function maskNumber(n: string): string {
  const clean = normaliseNumber(n);
  return `••••${clean.slice(-4)}`;
}

export async function tenantKey(tx: Tx, tenantId: string): Promise<Buffer> {
  const [row] = await tx.select({ key: accountKeys.key }).from(accountKeys).where(eq(accountKeys.tenantId, tenantId));
  if (row) return Buffer.from(row.key, 'base64');
  await tx.insert(accountKeys).values({ tenantId, key: randomBytes(32).toString('base64') }).onConflictDoNothing();
  const [made] = await tx.select({ key: accountKeys.key }).from(accountKeys).where(eq(accountKeys.tenantId, tenantId));
  return Buffer.from(made!.key, 'base64');
}

export const hashNumber = (key: Buffer, n: string) => createHmac('sha256', key).update(normaliseNumber(n)).digest('hex');
