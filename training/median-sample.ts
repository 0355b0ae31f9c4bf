/**
 * The medians a risk list shows next to each value ("the median home"), gathered while the
 * scored year streams past, so that scoring never holds the year whole. Up to `capacity`
 * addresses every row is kept and the medians are exact; above it, the rows of the
 * `capacity` addresses with the lowest seeded draw of their id: a uniform sample, the same
 * whatever order the rows arrive in. Its median is off the middle in rank by a standard
 * error of about 0.5 / √capacity (0.1 percentile point at 200,000).
 */
import { negativeDraw as addressDraw } from './negative-sampling.ts';
import { featureMedians } from './medians.ts';

/** Addresses whose rows are kept: exact medians up to this many, 91 MB of values at 57 features. */
export const MEDIAN_ROWS = 200_000;
/** The draw's own seed and salt, unrelated to any training run's sample. */
const SEED = 0x6d656469;
const SALT = 0;

export class MedianSample {
  private keys = new Float64Array(0);
  private readonly ids: string[] = [];
  private values = new Float64Array(0);
  /** A max-heap of slots by (draw, id): its top is the kept row the next better one replaces. */
  private heap = new Int32Array(0);
  private size = 0;
  /** Addresses seen in all. */
  seen = 0;

  constructor(
    private readonly width: number,
    readonly capacity = MEDIAN_ROWS,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`a median sample keeps at least 1 row, not ${capacity}`);
  }

  /** Rows of a batch, row-major, with their addresses. */
  add(values: Float64Array, addressIds: readonly string[]): void {
    const width = this.width;
    if (values.length !== addressIds.length * width)
      throw new Error(`${values.length} values are not ${addressIds.length} rows of ${width} features`);
    for (let i = 0; i < addressIds.length; i++) {
      this.seen++;
      const id = addressIds[i]!;
      const key = addressDraw(SEED, SALT, id);
      let slot: number;
      if (this.size < this.capacity) {
        if (this.size === this.keys.length) this.grow();
        slot = this.size;
        this.heap[this.size] = slot;
        this.size++;
        this.keys[slot] = key;
        this.ids[slot] = id;
        this.siftUp(this.size - 1);
      } else {
        slot = this.heap[0]!;
        if (!this.before(key, id, slot)) continue;
        this.keys[slot] = key;
        this.ids[slot] = id;
        this.siftDown(0);
      }
      this.values.set(values.subarray(i * width, (i + 1) * width), slot * width);
    }
  }

  /** True while every address seen is kept: the medians are then exact. */
  get exact(): boolean {
    return this.seen <= this.capacity;
  }

  /** The kept rows' median per feature (0 for each when nothing was seen). */
  medians(): number[] {
    return featureMedians(this.values.subarray(0, this.size * this.width), this.size, this.width);
  }

  /** Room for twice as many rows, up to the capacity: a small city does not pay for a large one's sample. */
  private grow(): void {
    const rows = Math.min(this.capacity, Math.max(1024, 2 * this.keys.length));
    const keys = new Float64Array(rows);
    const values = new Float64Array(rows * this.width);
    const heap = new Int32Array(rows);
    keys.set(this.keys);
    values.set(this.values);
    heap.set(this.heap);
    [this.keys, this.values, this.heap] = [keys, values, heap];
  }

  /** Whether (key, id) comes before the row in `slot`: a lower draw, or an equal draw and a lower id. */
  private before(key: number, id: string, slot: number): boolean {
    const other = this.keys[slot]!;
    return key < other || (key === other && id < this.ids[slot]!);
  }

  private siftUp(at: number): void {
    const heap = this.heap;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      const slot = heap[at]!;
      if (!this.before(this.keys[heap[parent]!]!, this.ids[heap[parent]!]!, slot)) break;
      heap[at] = heap[parent]!;
      heap[parent] = slot;
      at = parent;
    }
  }

  private siftDown(at: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let largest = at;
      if (left < this.size && this.after(heap[left]!, heap[largest]!)) largest = left;
      if (right < this.size && this.after(heap[right]!, heap[largest]!)) largest = right;
      if (largest === at) return;
      const slot = heap[at]!;
      heap[at] = heap[largest]!;
      heap[largest] = slot;
      at = largest;
    }
  }

  /** Whether the row in slot `a` comes after the row in slot `b`. */
  private after(a: number, b: number): boolean {
    return this.before(this.keys[b]!, this.ids[b]!, a);
  }
}
