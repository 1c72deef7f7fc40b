import type pg from 'pg';
import { cutCell, type CutCell } from './cell-cut.ts';

/*
 * A node-postgres Submittable that runs one statement through the extended protocol and reads its
 * portal in batches, like pg-cursor, stopping at a row limit or a byte budget. The extended protocol
 * also refuses text holding more than one statement, so nothing stacked behind the query can run.
 *
 * Memory stays bounded: every cell longer than `maxCellBytes` is cut as its row arrives (the rest of
 * the row's text is dropped at once), rows past the byte budget are not kept, and the next batch is
 * sized from the bytes rows have taken so far (one row at a time once rows are huge), so the server
 * never streams far past the budget. node-postgres still holds one whole DataRow message while it
 * decodes it: a single 100 MB cell is in memory briefly, one row at a time.
 */

export interface RawField {
  name: string;
  dataTypeID: number;
}

/** A cell in PostgreSQL's text format; null for SQL NULL; a CutCell when it was longer than the cell cap. */
export type RawCell = string | null | CutCell;

export interface RawResult {
  fields: RawField[];
  rows: RawCell[][];
  /** 'bytes' when rows were dropped because the byte budget ran out (the row limit shows in rows.length). */
  stoppedBy: 'bytes' | null;
  /** Cells cut to the cell cap. */
  cutCells: number;
}

export interface ReadLimits {
  /** Most rows read. */
  rows: number;
  /** Most bytes of cell text kept, over all rows. */
  bytes: number;
  /** Longest cell kept whole, in bytes; longer ones are cut. */
  cellBytes: number;
}

type Callback = (error: Error | undefined, result?: RawResult) => void;

/** The part of pg's Connection this query drives (pg's own typings for it are out of date). */
interface WireConnection {
  parse(message: { text: string; name: string; types: number[] }): void;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string; rows: number }): void;
  flush(): void;
  sync(): void;
  sendCopyFail(message: string): void;
}

/** Rows asked for first: small, so a query of huge rows is noticed before it streams much. */
const FIRST_BATCH_ROWS = 16;
const MAX_BATCH_ROWS = 1000;

export class CappedQuery implements pg.Submittable {
  private connection: WireConnection | undefined;
  private syncSent = false;
  private done = false;
  private fields: RawField[] = [];
  private readonly rows: RawCell[][] = [];
  private keptBytes = 0;
  private cutCells = 0;
  private stoppedBy: RawResult['stoppedBy'] = null;

  constructor(
    readonly text: string,
    private readonly limits: ReadLimits,
    /** Called once; pg may wrap it (query_timeout), so it stays a public field like pg.Query's. */
    public callback: Callback,
  ) {}

  submit(connection: pg.Connection): void {
    const wire = connection as unknown as WireConnection;
    this.connection = wire;
    wire.parse({ text: this.text, name: '', types: [] });
    wire.bind({ portal: '', statement: '', values: [] });
    wire.describe({ type: 'P', name: '' });
    wire.execute({ portal: '', rows: Math.min(this.limits.rows, FIRST_BATCH_ROWS) });
    wire.flush();
  }

  handleRowDescription(message: { fields: RawField[] }): void {
    this.fields = message.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID }));
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    if (this.stoppedBy) return;
    let rowBytes = 0;
    const row = message.fields.map((cell): RawCell => {
      if (cell === null) return null;
      const cut = cutCell(cell, this.limits.cellBytes);
      if (typeof cut === 'string') {
        rowBytes += Buffer.byteLength(cut, 'utf8');
        return cut;
      }
      this.cutCells++;
      rowBytes += Buffer.byteLength(cut.text, 'utf8');
      return cut;
    });
    if (this.keptBytes + rowBytes > this.limits.bytes) {
      this.stoppedBy = 'bytes';
      return;
    }
    this.keptBytes += rowBytes;
    this.rows.push(row);
  }

  /** A batch is done: read the next one, or stop and end the exchange. */
  handlePortalSuspended(): void {
    if (this.stoppedBy || this.rows.length >= this.limits.rows || !this.connection) {
      this.sendSync();
      return;
    }
    this.connection.execute({ portal: '', rows: this.nextBatchRows() });
    this.connection.flush();
  }

  handleCommandComplete(): void {
    this.sendSync();
  }

  handleEmptyQuery(): void {
    this.sendSync();
  }

  handleCopyInResponse(): void {
    this.connection?.sendCopyFail('AskDB does not send data to COPY FROM STDIN');
  }

  handleCopyData(): void {}

  handleReadyForQuery(): void {
    this.finish(undefined, {
      fields: this.fields,
      rows: this.rows,
      stoppedBy: this.stoppedBy,
      cutCells: this.cutCells,
    });
  }

  handleError(error: Error): void {
    // After an error the server skips everything up to the next Sync; without one it never
    // answers again. A query never submitted has nothing to sync.
    if (this.connection) this.sendSync();
    this.finish(error);
  }

  /** As many rows as the byte budget left holds at the average row size so far, within the row limit. */
  private nextBatchRows(): number {
    const rowsLeft = this.limits.rows - this.rows.length;
    const averageRowBytes =
      this.rows.length === 0 ? this.limits.cellBytes : Math.max(1, this.keptBytes / this.rows.length);
    const fitting = Math.floor((this.limits.bytes - this.keptBytes) / averageRowBytes);
    return Math.max(1, Math.min(rowsLeft, MAX_BATCH_ROWS, fitting));
  }

  private sendSync(): void {
    if (this.syncSent || !this.connection) return;
    this.syncSent = true;
    this.connection.sync();
  }

  private finish(error: Error | undefined, result?: RawResult): void {
    if (this.done) return;
    this.done = true;
    this.callback(error, result);
  }
}
