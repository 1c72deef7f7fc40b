import { Conflict } from '../errors.ts';

export class DemoPortInUseError extends Conflict {
  static about(host: string, port: number): DemoPortInUseError {
    return new DemoPortInUseError(
      `Port ${port} on ${host} is already in use, so the demo database cannot listen there. ` +
        'Choose another port (0 lets the system pick a free one), or stop the program using it.',
    );
  }
}

export class DemoDatabaseBusyError extends Conflict {
  static about(dataDir: string, pid: number, url: string | null): DemoDatabaseBusyError {
    return new DemoDatabaseBusyError(
      url
        ? `The demo database in ${dataDir} is already served by process ${pid} at ${url}; use that one, or stop it first.`
        : `The demo database in ${dataDir} is in use by process ${pid}; stop it first, or use another data directory.`,
    );
  }
}

/** An error as it crosses from the worker thread: classes do not survive structured cloning. */
export interface ErrorReport {
  name: string;
  message: string;
}

export function reportOf(error: unknown): ErrorReport {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

export function errorFrom(report: ErrorReport): Error {
  if (report.name === DemoPortInUseError.name) return new DemoPortInUseError(report.message);
  return new Error(report.message);
}
