// One timed run of the production engine over one file: the CLI's session and file reader, nothing else.

import { DEFAULT_PARAMS } from '../../core/rule.ts';
import { createDetectingSession } from '../../core/session.ts';
import { analyzeFile } from '../read-parallel.ts';
import { alertKey, reportRun } from './measure.ts';

const path = process.argv[2];
const startedAt = performance.now();
const session = createDetectingSession(DEFAULT_PARAMS);
const summary = await analyzeFile(path, session);
const alerts = session.alerts().map((a) => alertKey(a.time, a.tenant, a.clientAppId, a.clientInfoString, a.uniqueMailboxes));
reportRun(startedAt, alerts, `${summary.records} records, ${summary.selected} selected, ${summary.duplicates} duplicates, ${summary.skipped} skipped`);
