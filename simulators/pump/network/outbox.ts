/**
 * The pump's store-and-forward buffer: messages wait here while the pump is offline and leave in
 * order when it is back. Bounded, because a pump's memory is: when full, the oldest message is
 * dropped and counted, so the loss is reported rather than silent (NCCoE's memory-exhaustion demo
 * in SP 1800-8 shows why an unbounded queue on a pump is a hazard).
 */
export class Outbox<T> {
  private readonly items: T[] = [];
  private droppedCount = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('outbox capacity must be at least 1');
  }

  /** Adds a message; returns the message dropped to make room, if any. */
  push(item: T): T | undefined {
    this.items.push(item);
    if (this.items.length <= this.capacity) return undefined;
    this.droppedCount += 1;
    return this.items.shift();
  }

  /** Takes the oldest waiting message. */
  shift(): T | undefined {
    return this.items.shift();
  }

  /** Puts a message back at the front (a send that failed before it left). */
  unshift(item: T): void {
    this.items.unshift(item);
    if (this.items.length > this.capacity) {
      this.items.pop();
      this.droppedCount += 1;
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** Messages dropped since the last call; resets the count. */
  takeDropped(): number {
    const dropped = this.droppedCount;
    this.droppedCount = 0;
    return dropped;
  }
}
