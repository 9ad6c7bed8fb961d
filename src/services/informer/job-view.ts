/**
 * The Informer's keyed view of every job: id -> create and finish time, O(1) per lookup and
 * update, memory bounded by `capacity`. It is what ksqlDB would materialise as a table from
 * receiver-topic (create) and processor-topic (finish).
 *
 * Dates live in two Float64Arrays indexed by a slot, so a million jobs cost one Map entry and
 * 16 bytes each, not an object per job. When full, the oldest inserted job is evicted (a ring),
 * which is the documented retention limit of the view.
 */
import type { JobInfo } from '../../contracts/api.ts';

export class JobView {
  readonly capacity: number;
  readonly #slots = new Map<string, number>();
  readonly #ids: Array<string | undefined>;
  readonly #created: Float64Array;
  readonly #finished: Float64Array;
  #next = 0;
  #evicted = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
    this.#ids = new Array<string | undefined>(capacity);
    this.#created = new Float64Array(capacity);
    this.#finished = new Float64Array(capacity);
  }

  get size(): number { return this.#slots.size; }
  get evicted(): number { return this.#evicted; }

  /** Records that a job was accepted. A later create for a known id keeps the first date. */
  created(id: string, createMs: number): void {
    const slot = this.#slotFor(id);
    if (this.#created[slot] === 0) this.#created[slot] = createMs;
  }

  /** Records that a job finished; also fills create_date if the create has not been seen yet. */
  finished(id: string, createMs: number, finishMs: number): void {
    const slot = this.#slotFor(id);
    if (this.#created[slot] === 0) this.#created[slot] = createMs;
    this.#finished[slot] = finishMs;
  }

  get(id: string): JobInfo {
    const slot = this.#slots.get(id);
    if (slot === undefined) return { id, status: 'unknown' };
    const create_date = new Date(this.#created[slot]!).toISOString();
    const finish = this.#finished[slot]!;
    if (finish === 0) return { id, status: 'create', create_date };
    return { id, status: 'finish', create_date, finish_date: new Date(finish).toISOString() };
  }

  #slotFor(id: string): number {
    const existing = this.#slots.get(id);
    if (existing !== undefined) return existing;
    const slot = this.#next;
    this.#next = (this.#next + 1) % this.capacity;
    const old = this.#ids[slot];
    if (old !== undefined) { this.#slots.delete(old); this.#evicted++; }
    this.#ids[slot] = id;
    this.#created[slot] = 0;
    this.#finished[slot] = 0;
    this.#slots.set(id, slot);
    return slot;
  }
}
