import { MemoryWatchStore } from '../../src/watches/store.js';
import { storeContract } from './store-contract.js';

describe('the watch store in memory', () => {
  storeContract(async () => new MemoryWatchStore());
});
