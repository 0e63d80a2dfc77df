/**
 * Logging is injected: the library never writes to stdout/stderr by itself.
 * The CLI passes a JSON-lines logger; embedders pass their own or nothing.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type Logger = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => void;

export const silentLogger: Logger = () => {};

/** One JSON object per line: `{"time":…,"level":…,"msg":…,…fields}`. */
export function jsonLinesLogger(write: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  return (level, msg, fields = {}) => {
    if (order[level] < order[minLevel]) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  };
}
