import type { Views } from './memory.js';

export function addRowBias({ f }: Views, rows: number, cols: number, bias: number, x: number): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) f[(x >> 2) + r * cols + c] = f[(x >> 2) + r * cols + c]! + f[(bias >> 2) + c]!;
  }
}

export function columnSum({ f }: Views, rows: number, cols: number, x: number, beta: number, out: number): void {
  for (let c = 0; c < cols; c++) {
    let sum = beta === 0 ? 0 : beta * f[(out >> 2) + c]!;
    for (let r = 0; r < rows; r++) sum += f[(x >> 2) + r * cols + c]!;
    f[(out >> 2) + c] = sum;
  }
}

export function gatherRows({ f, i }: Views, count: number, cols: number, table: number, indices: number, out: number): void {
  for (let r = 0; r < count; r++) {
    const row = i[(indices >> 2) + r]!;
    for (let c = 0; c < cols; c++) f[(out >> 2) + r * cols + c] = f[(table >> 2) + row * cols + c]!;
  }
}

export function scatterAddRows({ f, i }: Views, count: number, cols: number, source: number, indices: number, table: number): void {
  for (let r = 0; r < count; r++) {
    const row = i[(indices >> 2) + r]!;
    for (let c = 0; c < cols; c++) f[(table >> 2) + row * cols + c] = f[(table >> 2) + row * cols + c]! + f[(source >> 2) + r * cols + c]!;
  }
}

export function transpose({ f }: Views, rows: number, cols: number, a: number, out: number): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) f[(out >> 2) + c * rows + r] = f[(a >> 2) + r * cols + c]!;
  }
}
