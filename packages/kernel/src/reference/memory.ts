/** The whole kernel memory as seen by the reference twin: pointers are byte offsets, so index = ptr / 4. */
export interface Views {
  readonly f: Float32Array;
  readonly i: Int32Array;
}
