/** Collects query parameters as SQL text is written: `sql += params.add(value)` yields `$1`, `$2`… */
export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
