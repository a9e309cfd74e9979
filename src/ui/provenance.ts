// What was analysed, in which version, under which rule: enough to reproduce a report later.

import type { RuleParams } from '../core/types.ts';
import type { ImportRecord } from '../storage/workspace-db.ts';

export interface Provenance {
  app: string;
  version: string;
  exportedAt: string;
  rule: RuleParams;
  inputs: {
    name: string;
    size: number;
    lastModified: string;
    sha256: string | null;
    format: string;
    encoding: string;
    status: ImportRecord['status'] | 'not analysed';
    note: string;
    records: number;
    skipped: number;
    selected: number;
    /** MailItemsAccessed records the rule could not judge: the export lacks a field it needs. */
    unjudged: number;
    /** What the file cannot show, in sentences. */
    warnings: string[];
    duplicates: number;
    storedEvents: number;
    firstTime: string | null;
    lastTime: string | null;
    importedAt: string;
  }[];
}

export function buildProvenance(imports: ImportRecord[], rule: RuleParams, version: string, now = new Date()): Provenance {
  return {
    app: 'UAL Triage',
    version,
    exportedAt: now.toISOString(),
    rule,
    inputs: imports.map((i) => ({
      name: i.name,
      size: i.size,
      lastModified: new Date(i.lastModified).toISOString(),
      sha256: i.sha256,
      format: i.summary.format,
      encoding: i.summary.encoding,
      status: i.summary.unsupported ? 'not analysed' : i.status,
      note: i.summary.unsupported ?? i.note,
      records: i.summary.records,
      skipped: i.summary.skipped,
      selected: i.summary.selected,
      unjudged: i.summary.unjudged ?? 0,
      warnings: i.summary.warnings ?? [],
      duplicates: i.summary.duplicates,
      storedEvents: i.stored,
      firstTime: i.summary.firstTime,
      lastTime: i.summary.lastTime,
      importedAt: i.startedAt,
    })),
  };
}
