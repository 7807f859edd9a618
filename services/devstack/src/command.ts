/** What a devstack command may touch: its arguments, two output streams and the process environment. */
export interface DevIo {
  readonly stdout: (line: string) => void;
  readonly stderr: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A command returns its exit code; it never calls process.exit itself. */
export type DevCommand = (argv: readonly string[], io: DevIo) => Promise<number>;

/** A usage error: the message goes to stderr with the validation code, the exit code is 2. */
export function usageError(io: DevIo, message: string): number {
  io.stderr(`error [PAYOUT_E_VALIDATION]: ${message}`);
  return 2;
}
