import { nodeFs } from "../io/lazy-node.ts";
import { basename, dirname, join } from "node:path";
import { EnvSecretsError } from "../errors.ts";
import { writeAllSync } from "../io/write-sync.ts";

/**
 * Creates `path` holding exactly `content`, with `mode` whatever the umask,
 * or fails leaving everything as it was. Never replaces or follows anything
 * at `path` (an existing file or a symlink, even a dangling one, is refused),
 * and never leaves a half-written file there: the content goes to a fresh
 * temporary file, which is then hard-linked to `path` (link(2) fails rather
 * than replace) and removed.
 */
export function writeNewFile(path: string, content: string, mode: number): void {
  refuseExisting(path);
  writeThroughTemporary(path, content, mode, "link", (step, error) => fileError(path, error, NEW_FILE_STEPS[step]));
}

/** The step of writeThroughTemporary that failed: creating the temporary file, filling it, or putting it at the path. */
export type WriteStep = "create" | "write" | "place";

const NEW_FILE_STEPS: Record<WriteStep, string> = {
  create: "cannot create a file in its directory",
  write: "cannot write it",
  place: "cannot create it",
};

/**
 * Replaces `path` atomically with a file holding exactly `content`, with
 * `mode` whatever the umask: the temporary file is renamed over it, so a
 * reader sees the old file or the new one, never half of one. `failure` turns
 * the error of the step that failed into the one to throw.
 */
export function replaceFile(path: string, content: string, mode: number, failure: (step: WriteStep, error: unknown) => Error): void {
  writeThroughTemporary(path, content, mode, "rename", failure);
}

/**
 * Writes `content` to a fresh temporary file in the directory of `path`
 * (O_CREAT|O_EXCL|O_NOFOLLOW, `mode` set again past the umask, synced to
 * disk), then links or renames it to `path`. No temporary file stays behind.
 */
function writeThroughTemporary(path: string, content: string, mode: number, place: "link" | "rename", failure: (step: WriteStep, error: unknown) => Error): void {
  const fs = nodeFs();
  const temporary = join(dirname(path), `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, mode);
  } catch (error) {
    throw failure("create", error);
  }
  let renamed = false;
  try {
    try {
      fillAndClose(fd, content, mode);
    } catch (error) {
      throw failure("write", error);
    }
    try {
      if (place === "link") fs.linkSync(temporary, path);
      else fs.renameSync(temporary, path);
    } catch (error) {
      throw failure("place", error);
    }
    renamed = place === "rename";
  } finally {
    // A link leaves the temporary name too; a rename has taken it away.
    if (!renamed) {
      try {
        fs.unlinkSync(temporary);
      } catch {
        // Already gone; nothing else to clean up.
      }
    }
  }
}

function fillAndClose(fd: number, content: string, mode: number): void {
  const fs = nodeFs();
  try {
    fs.fchmodSync(fd, mode);
    writeAllSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Appends `content` to an existing file in one write (the GITHUB_ENV case). */
export function appendToFile(path: string, content: string, what: string): void {
  const fs = nodeFs();
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_APPEND);
  } catch (error) {
    throw fileError(path, error, `cannot open ${what}`);
  }
  try {
    writeAllSync(fd, content);
  } catch (error) {
    throw fileError(path, error, `cannot write ${what}`);
  } finally {
    fs.closeSync(fd);
  }
}

function refuseExisting(path: string): void {
  let isLink: boolean;
  try {
    isLink = nodeFs().lstatSync(path).isSymbolicLink();
  } catch {
    return; // Nothing there (or unreadable: link(2) below still refuses to replace anything).
  }
  throw new EnvSecretsError({
    subject: path,
    reason: isLink ? "is a symbolic link" : "already exists",
    hint: "env-secrets never overwrites or follows a file it writes; remove it or choose another name",
  });
}

function fileError(path: string, error: unknown, what: string): EnvSecretsError {
  const code = error instanceof Error && "code" in error ? String(error.code) : "error";
  const reasons: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOENT: "no such file or directory",
    ENOTDIR: "a part of the path is not a directory",
    EROFS: "read-only file system",
    EEXIST: "already exists",
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    ELOOP: "is a symbolic link",
  };
  return new EnvSecretsError({
    subject: path,
    reason: `${what}: ${reasons[code] ?? code} (${code})`,
    hint: code === "EEXIST" ? "env-secrets never overwrites a file it writes; remove it or choose another name" : "check the path and its directory's permissions",
    cause: error,
  });
}
