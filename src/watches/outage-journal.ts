import type { AddLimits, WatchStore } from './store.js';
import { watchKey, type Watch } from './watch.js';

/**
 * What happened to one watch on this instance while Redis was lost: added or renewed (`put`, with
 * the caps it was added under), told a new state, or ended. The watch itself is read from memory
 * when it is written back, so the last word counts.
 */
type Change = { email: string; participantId: string } & ({ kind: 'put'; limits: AddLimits } | { kind: 'state' } | { kind: 'removed' });

/** What writing back came to: changes written, and watches added meanwhile that no longer fit the caps. */
export interface WriteBack {
  written: number;
  dropped: Watch[];
}

/**
 * The changes to watches made on this instance while Redis was lost, written back when it returns
 * (README, "Watches"). Only what was done here is written, never what this instance merely knew:
 * a watch ended elsewhere meanwhile stays ended.
 */
export class OutageJournal {
  private readonly changes = new Map<string, Change>();
  /** Changes claimed here, by claim key: their participant, state and since. */
  private readonly claims = new Map<string, [string, string, string]>();

  put(watch: Watch, limits: AddLimits): void {
    this.changes.set(watchKey(watch.email, watch.participantId), { email: watch.email, participantId: watch.participantId, kind: 'put', limits });
  }

  removed(email: string, participantId: string): void {
    this.changes.set(watchKey(email, participantId), { email, participantId, kind: 'removed' });
  }

  /** A watch put meanwhile carries its state with it; an ended one has none to write. */
  stateTold(email: string, participantId: string): void {
    const key = watchKey(email, participantId);
    if (!this.changes.has(key)) this.changes.set(key, { email, participantId, kind: 'state' });
  }

  claimed(participantId: string, state: string, since: string): void {
    this.claims.set(JSON.stringify([participantId, state, since]), [participantId, state, since]);
  }

  /**
   * Writes the changes to `redis` as `memory` now has them, each forgotten once written: if Redis is
   * lost again halfway, what is left is written next time.
   */
  async writeBack(redis: WatchStore, memory: WatchStore): Promise<WriteBack> {
    const done: WriteBack = { written: 0, dropped: [] };
    // Claims first: once Redis is back, another instance may see the same change at any moment.
    for (const [key, [participantId, state, since]] of this.claims) {
      await redis.claimChange(participantId, state, since);
      this.claims.delete(key);
      done.written += 1;
    }
    // Ends before additions: the places they free count under the caps, which Redis checks again.
    const ordered = [...this.changes].sort(([, a], [, b]) => Number(b.kind === 'removed') - Number(a.kind === 'removed'));
    for (const [key, change] of ordered) {
      const watch = (await memory.ofRequester(change.email)).find((w) => w.participantId === change.participantId);
      if (change.kind === 'removed') await redis.remove(change.email, change.participantId);
      else if (watch !== undefined && change.kind === 'state') await redis.setState(change.email, change.participantId, watch.state);
      else if (watch !== undefined && change.kind === 'put') {
        const outcome = await redis.add(watch, change.limits);
        if (outcome === 'requesterFull' || outcome === 'full') done.dropped.push(watch);
      }
      this.changes.delete(key);
      done.written += 1;
    }
    return done;
  }
}
