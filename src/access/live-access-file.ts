import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { loadAccessFile } from './access-file.js';
import type { AccessPolicy } from './policy.js';

export interface LiveAccessFileOptions {
  path: string;
  /** Holds the list in force; a reload that validates replaces it there. */
  policy: AccessPolicy;
  logger: Logger;
  /** A new file was refused: participant_bot_access_reload_failures_total. */
  onRefused: () => void;
  /**
   * Editors save in several steps (truncate then write, or write a copy then rename it over the
   * file): the file is read once the changes have been quiet this long.
   */
  debounceMs?: number;
}

export interface LiveAccessFile {
  /** Reads the file now; resolves true when its list is in force, false when it was refused. */
  reload(): Promise<boolean>;
  close(): void;
}

const DEFAULT_DEBOUNCE_MS = 200;

/**
 * The access file, read again whenever it changes and on demand (SIGHUP), without a restart
 * (README, "Operations"). The folder is watched rather than the file: an editor that saves by
 * renaming a new file over the old one leaves a watch on the old file's inode deaf, and a
 * Kubernetes ConfigMap swaps a symlink (`..data`) beside the file rather than the file itself. So
 * any change in the folder counts, and the file is read only if what the path leads to differs
 * (inode, size or time) from the last time: an audit file appended in the same folder costs a
 * `stat`, not a read. A file that does not validate is refused and the list in force stays, so a
 * typo never locks everyone out nor lets anyone in.
 */
export function watchAccessFile(options: LiveAccessFileOptions): LiveAccessFile {
  const { policy, logger, onRefused } = options;
  const file = path.resolve(options.path);
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  // One read at a time, in order: a slow read never puts an older list back over a newer one.
  let reading: Promise<boolean> = Promise.resolve(true);
  /** What the path led to when it was last read; a change in the folder that leaves it alone is not one to the file. */
  let lastSeen: string | undefined;
  const identity = async () => {
    try {
      const { ino, size, mtimeMs } = await stat(file);
      return `${ino}:${size}:${mtimeMs}`;
    } catch {
      return 'absent';
    }
  };
  // The file as start-up read it.
  void identity().then((seen) => (lastSeen ??= seen));

  const reload = (onlyIfChanged = false): Promise<boolean> => {
    reading = reading.then(async () => {
      const seen = await identity();
      if (onlyIfChanged && seen === lastSeen) return true;
      lastSeen = seen;
      try {
        const list = await loadAccessFile(file);
        policy.replace(list);
        logger.info(
          { accessFile: file, admins: list.admins.length, complianceOfficers: list.complianceOfficers.length, slackUsers: Object.keys(list.slackUsers).length },
          'Access file read again: the new list is in force',
        );
        return true;
      } catch (error) {
        onRefused();
        logger.error({ err: error, accessFile: file }, 'Access file refused: the previous list stays in force');
        return false;
      }
    });
    return reading;
  };

  const cannotWatch = (error: unknown) => logger.warn({ err: error, accessFile: file }, 'Cannot watch the access file; SIGHUP still reads it again');
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path.dirname(file), () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reload(true), debounceMs);
      timer.unref();
    });
    watcher.on('error', cannotWatch);
    // The watch never keeps the process alive on its own.
    watcher.unref();
  } catch (error) {
    // Out of inotify watches, say: the bot runs on, and SIGHUP still works.
    cannotWatch(error);
  }

  return {
    reload: () => reload(),
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
