// Writes domain events into the outbox inside the caller's transaction, so an event exists if and
// only if its change committed.
import type { Tx } from '../../db/client.ts';
import { uuidv7 } from '../ids.ts';
import { insertUnnest } from '../../db/sql.ts';
import { outboxEvents } from './tables.ts';

export interface DomainEvent {
  type: string; // e.g. contact.created, interaction.logged
  entity: string;
  entityId: string;
  payload: unknown;
}

export async function emitEvents(tx: Tx, tenantId: string, actorId: string | null, events: DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({ tenantId, id: uuidv7(), actorId, ...e }));
  await insertUnnest(tx, outboxEvents, rows);
}
