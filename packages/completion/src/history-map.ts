/**
 * What followed each history, keyed by the history's 53-bit hash: an open-addressing hash table
 * in typed arrays (12 bytes a slot), because a project's n-grams are millions of small entries
 * and a JavaScript Map of numbers and objects costs about five times as much.
 *
 * A slot holds its key (0: empty) and one 32-bit value: while a single character has followed
 * the history fewer than 1024 times — most long histories — the count and the code point packed
 * together; otherwise a flag and the head of a linked list of (code point, count) nodes.
 */

const LIST = 0x80000000;
const CODE_POINT_BITS = 21;
const CODE_POINT_MASK = (1 << CODE_POINT_BITS) - 1;
/** Packed counts stay below this (10 bits). */
const PACKED_COUNT_LIMIT = 1 << 10;
/** The table grows by half once this share of its slots is taken (linear probing stays short). */
const MAX_LOAD = 0.75;

export class HistoryMap {
  private keys: Float64Array;
  private values: Uint32Array;
  private histories = 0;
  private nodeCodePoint = new Int32Array(256);
  private nodeCount = new Int32Array(256);
  private nodeNext = new Int32Array(256);
  private nodes = 0;

  /** @param expected histories to make room for at once (growing a large table copies it) */
  constructor(expected = 0) {
    const slots = Math.max(1024, Math.ceil(expected / MAX_LOAD) + 1);
    this.keys = new Float64Array(slots);
    this.values = new Uint32Array(slots);
  }

  /** How many histories are stored. */
  get size(): number {
    return this.histories;
  }

  /** The memory the arrays take, in bytes. */
  get bytes(): number {
    return this.keys.byteLength + this.values.byteLength + this.nodeCodePoint.byteLength + this.nodeCount.byteLength + this.nodeNext.byteLength;
  }

  /** Counts one more `codePoint` after the history `key` (≥ 1); returns that pair's new count. */
  add(key: number, codePoint: number): number {
    let slot = this.slotOf(key);
    if (this.keys[slot] === 0) {
      if (this.histories + 1 > this.keys.length * MAX_LOAD) {
        this.grow();
        slot = this.slotOf(key);
      }
      this.keys[slot] = key;
      this.values[slot] = ((1 << CODE_POINT_BITS) | codePoint) >>> 0;
      this.histories++;
      return 1;
    }
    const value = this.values[slot]!;
    if (value & LIST) {
      for (let node = value & ~LIST; node >= 0; node = this.nodeNext[node]!) {
        if (this.nodeCodePoint[node] === codePoint) return ++this.nodeCount[node]!;
      }
      this.values[slot] = (LIST | this.node(codePoint, 1, value & ~LIST)) >>> 0;
      return 1;
    }
    const only = value & CODE_POINT_MASK;
    const count = value >>> CODE_POINT_BITS;
    if (only === codePoint && count + 1 < PACKED_COUNT_LIMIT) {
      this.values[slot] = value + (1 << CODE_POINT_BITS);
      return count + 1;
    }
    // A second character (or a count too large to pack): the history becomes a list.
    const head = this.node(only, only === codePoint ? count + 1 : count, -1);
    this.values[slot] = (LIST | (only === codePoint ? head : this.node(codePoint, 1, head))) >>> 0;
    return only === codePoint ? count + 1 : 1;
  }

  /** Calls `visit` with each character that followed `key` and its count; false if `key` was never seen. */
  forEach(key: number, visit: (codePoint: number, count: number) => void): boolean {
    const slot = this.slotOf(key);
    if (this.keys[slot] === 0) return false;
    const value = this.values[slot]!;
    if (value & LIST) {
      for (let node = value & ~LIST; node >= 0; node = this.nodeNext[node]!) visit(this.nodeCodePoint[node]!, this.nodeCount[node]!);
    } else {
      visit(value & CODE_POINT_MASK, value >>> CODE_POINT_BITS);
    }
    return true;
  }

  /**
   * The slot holding `key`, or the empty slot where it would go. Both 32-bit halves of the key are
   * mixed (murmur3's finaliser): keys that differ only in their high bits must not share a probe run.
   */
  private slotOf(key: number): number {
    const { keys } = this;
    let h = (key % 4294967296) ^ Math.imul(Math.floor(key / 4294967296), 0x9e3779b1);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    let slot = ((h ^ (h >>> 16)) >>> 0) % keys.length;
    while (keys[slot] !== 0 && keys[slot] !== key) slot = slot + 1 === keys.length ? 0 : slot + 1;
    return slot;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(Math.ceil(keys.length * 1.5));
    this.values = new Uint32Array(this.keys.length);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] === 0) continue;
      const slot = this.slotOf(keys[i]!);
      this.keys[slot] = keys[i]!;
      this.values[slot] = values[i]!;
    }
  }

  private node(codePoint: number, count: number, next: number): number {
    if (this.nodes === this.nodeNext.length) {
      const grown = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.nodeCodePoint = grown(this.nodeCodePoint);
      this.nodeCount = grown(this.nodeCount);
      this.nodeNext = grown(this.nodeNext);
    }
    const n = this.nodes++;
    this.nodeCodePoint[n] = codePoint;
    this.nodeCount[n] = count;
    this.nodeNext[n] = next;
    return n;
  }
}
