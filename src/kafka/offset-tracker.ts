/**
 * Tracks in-flight offsets of one partition so that an offset is committed only when it and
 * every earlier offset of the partition are finished. Jobs finish out of order (each sleeps a
 * different time); committing the highest finished offset would skip unfinished ones on a crash.
 *
 * Offsets arrive in increasing order from a fetch. A redelivered offset (a re-fetch after a
 * rejoin) is reported as a duplicate so the caller does not process it twice.
 */
export class PartitionOffsets<T> {
  // Ring of in-flight entries in arrival order; `done` flips when a job's output is acknowledged.
  #queue: Array<{ offset: bigint; done: boolean; item: T }> = [];
  #head = 0;
  #highestSeen = -1n;

  get inFlight(): number {
    return this.#queue.length - this.#head;
  }

  /** Returns false when the offset was already seen (redelivery), so it must be skipped. */
  track(offset: bigint, item: T): boolean {
    if (offset <= this.#highestSeen) return false;
    this.#highestSeen = offset;
    this.#queue.push({ offset, done: false, item });
    return true;
  }

  /**
   * Marks an offset finished. Returns the item of the highest offset that is now safe to commit
   * (its offset and all before it are finished; undefined while the head is still busy) and the
   * items released, in offset order.
   */
  finish(offset: bigint): { committable: T | undefined; released: T[] } {
    const q = this.#queue;
    // Offsets are stored in increasing order, so a binary search finds the entry.
    let lo = this.#head, hi = q.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const entry = q[mid]!;
      if (entry.offset === offset) { entry.done = true; break; }
      if (entry.offset < offset) lo = mid + 1; else hi = mid - 1;
    }
    const released: T[] = [];
    while (this.#head < q.length && q[this.#head]!.done) {
      released.push(q[this.#head]!.item);
      this.#head++;
    }
    // Compact now and then so the array does not grow without bound.
    if (this.#head > 1024 && this.#head * 2 > q.length) {
      this.#queue = q.slice(this.#head);
      this.#head = 0;
    }
    return { committable: released.at(-1), released };
  }
}
