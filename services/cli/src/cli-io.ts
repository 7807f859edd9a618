/** What a command may touch: its arguments, two output streams and the process environment. */
export interface CliIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A command returns its exit code; it never calls process.exit itself. */
export type CliCommand = (argv: readonly string[], io: CliIo) => Promise<number>;
