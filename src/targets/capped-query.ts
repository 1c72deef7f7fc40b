import type pg from 'pg';

/*
 * A node-postgres Submittable that runs one statement through the extended protocol and reads at
 * most `rowLimit` rows from its portal. The extended protocol also refuses text holding more than
 * one statement, so nothing stacked behind the query can run. The message flow follows pg-cursor.
 */

export interface RawField {
  name: string;
  dataTypeID: number;
}

export interface RawResult {
  fields: RawField[];
  /** Cells in PostgreSQL's text format; null for SQL NULL. */
  rows: (string | null)[][];
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

export class CappedQuery implements pg.Submittable {
  private connection: WireConnection | undefined;
  private syncSent = false;
  private done = false;
  private fields: RawField[] = [];
  private readonly rows: (string | null)[][] = [];

  constructor(
    readonly text: string,
    private readonly rowLimit: number,
    /** Called once; pg may wrap it (query_timeout), so it stays a public field like pg.Query's. */
    public callback: Callback,
  ) {}

  submit(connection: pg.Connection): void {
    const wire = connection as unknown as WireConnection;
    this.connection = wire;
    wire.parse({ text: this.text, name: '', types: [] });
    wire.bind({ portal: '', statement: '', values: [] });
    wire.describe({ type: 'P', name: '' });
    wire.execute({ portal: '', rows: this.rowLimit });
    wire.flush();
  }

  handleRowDescription(message: { fields: RawField[] }): void {
    this.fields = message.fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID }));
  }

  handleDataRow(message: { fields: (string | null)[] }): void {
    this.rows.push(message.fields);
  }

  /** The row limit was reached: stop reading and end the exchange. */
  handlePortalSuspended(): void {
    this.sendSync();
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
    this.finish(undefined, { fields: this.fields, rows: this.rows });
  }

  handleError(error: Error): void {
    // After an error the server skips everything up to the next Sync; without one it never
    // answers again. A query never submitted has nothing to sync.
    if (this.connection) this.sendSync();
    this.finish(error);
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
