/** The local cloud's own console output (the user watches it); `quiet` keeps only warnings and errors. */
export interface LocalLogger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  /** One plain line for the user (SNS messages, banner). */
  print(line: string): void;
}

const format = (data?: Record<string, unknown>) => (data && Object.keys(data).length ? ` ${JSON.stringify(data)}` : '');

export function createConsoleLogger(quiet = false): LocalLogger {
  return {
    info: (message, data) => {
      if (!quiet) console.log(`[local] ${message}${format(data)}`);
    },
    warn: (message, data) => console.warn(`[local] warning: ${message}${format(data)}`),
    error: (message, data) => console.error(`[local] error: ${message}${format(data)}`),
    print: (line) => {
      if (!quiet) console.log(line);
    },
  };
}
