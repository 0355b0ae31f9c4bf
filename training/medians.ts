/** The median of every column of a row-major matrix: the reference an explanation shows. */
export function featureMedians(values: Float64Array, rows: number, width: number): number[] {
  const column = new Float64Array(rows);
  const medians: number[] = [];
  for (let j = 0; j < width; j++) {
    for (let i = 0; i < rows; i++) column[i] = values[i * width + j]!;
    column.sort();
    medians.push(rows === 0 ? 0 : rows % 2 ? column[(rows - 1) / 2]! : (column[rows / 2 - 1]! + column[rows / 2]!) / 2);
  }
  return medians;
}
