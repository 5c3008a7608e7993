/**
 * Node reports a failed write on an open descriptor (ENOSPC, EDQUOT, EIO) without the file's name;
 * writers that know the name attach it here, so the message the user reads can say which file.
 */

/** `error` with `path` set to `file` when it is a system error without one (returned for rethrow). */
export function withPath(error: unknown, file: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (e instanceof Error && typeof e.code === "string" && e.path === undefined) e.path = file;
  return error;
}
