// Row-wise loops: bias broadcast, column sums, embedding gather and scatter-add, transpose.
import { transpose4x4 } from './simd';

/** x[r, c] += bias[c]. */
export function addRowBias(rows: i32, cols: i32, bias: usize, x: usize): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      v128.store(row + o, f32x4.add(v128.load(row + o), v128.load(bias + o)));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(row + o, load<f32>(row + o) + load<f32>(bias + o));
    }
  }
}

/** out[c] = beta · out[c] + Σ_r x[r, c]. */
export function columnSum(rows: i32, cols: i32, x: usize, beta: f32, out: usize): void {
  const rowBytes = <usize>cols << 2;
  if (beta == 0) memory.fill(out, 0, rowBytes);
  else if (beta != 1) {
    for (let c = 0; c < cols; c++) store<f32>(out + (<usize>c << 2), beta * load<f32>(out + (<usize>c << 2)));
  }
  for (let r = 0; r < rows; r++) {
    const row = x + <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      v128.store(out + o, f32x4.add(v128.load(out + o), v128.load(row + o)));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(out + o, load<f32>(out + o) + load<f32>(row + o));
    }
  }
}

/** out[i, :] = table[indices[i], :]. */
export function gatherRows(count: i32, cols: i32, table: usize, indices: usize, out: usize): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < count; i++) {
    const row = <usize>load<i32>(indices + (<usize>i << 2));
    memory.copy(out + <usize>i * rowBytes, table + row * rowBytes, rowBytes);
  }
}

/** table[indices[i], :] += source[i, :], in order of i. */
export function scatterAddRows(count: i32, cols: i32, source: usize, indices: usize, table: usize): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < count; i++) {
    const dst = table + <usize>load<i32>(indices + (<usize>i << 2)) * rowBytes;
    const src = source + <usize>i * rowBytes;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const o = <usize>c << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(src + o)));
    }
    for (; c < cols; c++) {
      const o = <usize>c << 2;
      store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
    }
  }
}

/** out [cols, rows] = aᵀ for a [rows, cols]: blocks of 4 × 4 turned in registers, the edges one by one. */
export function transpose(rows: i32, cols: i32, a: usize, out: usize): void {
  const aRow = <usize>cols << 2, outRow = <usize>rows << 2;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      transpose4x4(a + <usize>r * aRow + (<usize>c << 2), aRow, out + <usize>c * outRow + (<usize>r << 2), outRow);
    }
    for (; c < cols; c++) {
      for (let i = 0; i < 4; i++) {
        store<f32>(out + <usize>c * outRow + (<usize>(r + i) << 2), load<f32>(a + <usize>(r + i) * aRow + (<usize>c << 2)));
      }
    }
  }
  for (; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f32>(out + <usize>c * outRow + (<usize>r << 2), load<f32>(a + <usize>r * aRow + (<usize>c << 2)));
    }
  }
}
