import type { EventStore, StoredMessage } from '../../simulators/pump-server/event-store.ts';

/** Every message the store holds for `serial`, in arrival order, read a page at a time. */
export function allStoredMessages(store: EventStore, serial: string): StoredMessage[] {
  const messages: StoredMessage[] = [];
  let after: number | undefined;
  do {
    const page = store.events.messages({ serial, limit: 1000, ...(after === undefined ? {} : { after }) });
    messages.push(...page.items);
    after = page.next;
  } while (after !== undefined);
  return messages;
}
