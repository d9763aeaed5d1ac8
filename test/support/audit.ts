import type { AuditRecord, AuditTrail } from '../../src/audit/audit-trail.js';

/** An audit trail that keeps its records in `records`, for tests to read; `at` is `at()`. */
export function recordingTrail(at: () => string = () => 'now'): { audit: AuditTrail; records: AuditRecord[] } {
  const records: AuditRecord[] = [];
  const audit: AuditTrail = {
    record: (entry) => {
      const record = { ...entry, at: at() };
      records.push(record);
      return record;
    },
    close: async () => undefined,
  };
  return { audit, records };
}
