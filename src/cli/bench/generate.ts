// The benchmark's inputs: a week-scale export of two tenants, where mail is read by users' own clients,
// SaaS integrations over Graph, a nightly EWS backup crawl (benign, but it alerts: the analytic's classic
// false positive), an attacker's Graph app harvesting mailboxes and a python-requests EWS script.
// Same seed, same bytes: records come from one seeded generator in one order.

import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { createRandom, type Random } from './random.ts';
import { createManyApps, createWorld, type ManyApps, type Tenant, type User, type World } from './tenant.ts';
import { exchangeItem, fileOperation, GRAPH, mailItemsAccessed, ownClient, setMailbox, userLoggedIn, type MailAccess, type UalRecord } from './ual-records.ts';

const START = Date.UTC(2024, 2, 4);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const RECORDS_PER_DAY = 200_000;

// Who reads mail at `time`: bursts and the nightly crawl take a share while they run, else SaaS apps or
// the user's own client.
function mailReader(
  random: Random,
  world: World,
  time: number,
  cursor: { backup: number; attack: number },
  onlyApis: boolean,
  manyApps?: ManyApps,
): { tenant: Tenant; user: User; access: MailAccess } {
  const since = time - START;
  const hourOfDay = (since % DAY) / HOUR;
  const attacking = since >= 2 * DAY + 13.33 * HOUR && since < 2 * DAY + 14.1 * HOUR;
  const scripting = since >= 3 * DAY + 9 * HOUR && since < 3 * DAY + 9.7 * HOUR;
  if (attacking && random.chance(0.3)) {
    const { attacker } = world;
    const user = attacker.users[cursor.attack++ % attacker.users.length];
    return { tenant: attacker.tenant, user, access: { appId: GRAPH, clientAppId: attacker.id, clientInfoString: 'Client=REST;;', ip: '185.220.101.47' } };
  }
  if (scripting && random.chance(0.25)) {
    const tenant = world.tenants[1];
    const app = '5a95e683-08ad-424e-a441-1d1aec52c02c';
    const clientInfoString = `Client=WebServices;ExchangeWebServicesProxy/CrossSite/EXCH/15.20.7249.024/python-requests/2.25.1[AppId=${app}];`;
    return { tenant, user: random.pick(tenant.users), access: { appId: app, clientAppId: app, clientInfoString, ip: '45.134.22.9' } };
  }
  if (hourOfDay >= 1 && hourOfDay < 3 && random.chance(0.5)) {
    const { backup } = world;
    const user = backup.users[cursor.backup++ % backup.users.length];
    const clientInfoString = 'Client=WebServices;ExchangeWebServices/15.20.7409.032;BackupAgent/7.1';
    return { tenant: backup.tenant, user, access: { appId: backup.id, clientAppId: backup.id, clientInfoString, ip: '52.169.10.23' } };
  }
  if (manyApps) {
    // Thousands of applications: a third of the reads over Graph, a tenth over EWS, the rest users' own clients.
    const roll = random.float();
    if (roll < 0.1) {
      const app = random.pick(manyApps.ews);
      return {
        tenant: app.tenant,
        user: random.pick(app.users),
        access: { appId: app.id, clientAppId: app.id, clientInfoString: app.clientInfoString, ip: app.ip },
      };
    }
    if (roll < 0.43) {
      const app = random.pick(manyApps.graph);
      return {
        tenant: app.tenant,
        user: random.pick(app.users),
        access: { appId: GRAPH, clientAppId: app.id, clientInfoString: 'Client=REST;;', ip: app.ip },
      };
    }
  }
  if (onlyApis || random.chance(0.25)) {
    const app = random.pick(world.saas);
    const access = { appId: GRAPH, clientAppId: app.id, clientInfoString: 'Client=REST;;', ip: `20.190.${app.id.charCodeAt(0)}.${app.id.charCodeAt(1)}` };
    return { tenant: app.tenant, user: random.pick(app.users), access };
  }
  const tenant = random.chance(0.8) ? world.tenants[0] : world.tenants[1];
  const user = random.pick(tenant.users);
  return { tenant, user, access: ownClient(random, user) };
}

const FILE_OPERATIONS = ['FileAccessed', 'FileAccessed', 'FileAccessed', 'FilePreviewed', 'FileModified', 'FileDownloaded', 'FileUploaded'];
const MAIL_OPERATIONS = ['Send', 'Send', 'MailboxLogin', 'Update', 'MoveToDeletedItems', 'SoftDelete'];

function otherRecord(random: Random, world: World, time: number): UalRecord {
  const tenant = random.chance(0.8) ? world.tenants[0] : world.tenants[1];
  const user = random.pick(tenant.users);
  const roll = random.float();
  if (roll < 0.3) return userLoggedIn(random, time, tenant, user, false);
  if (roll < 0.35) return userLoggedIn(random, time, tenant, user, random.chance(0.9));
  if (roll < 0.75) return fileOperation(random, time, tenant, user, random.pick(FILE_OPERATIONS));
  if (roll < 0.9995) return exchangeItem(random, time, tenant, user, random.pick(MAIL_OPERATIONS));
  return setMailbox(random, time, tenant, tenant.users[0], user);
}

/**
 * `count` records in time order; `mailShare` of them MailItemsAccessed (with `onlyApis`, all read over Graph
 * or EWS: every one selected by the rule); a few repeated, as overlapping exports do.
 */
export function* generateRecords(
  count: number,
  mailShare: number,
  onlyApis = false,
  seed = 4,
  manyApps?: { graph: number; ews: number; maxItems: number },
): Generator<UalRecord> {
  const random = createRandom(seed);
  const world = createWorld(random);
  const apps = manyApps && createManyApps(random, world, manyApps.graph, manyApps.ews);
  const cursor = { backup: 0, attack: 0 };
  const recent: UalRecord[] = [];
  let time = START;
  for (let i = 0; i < count; i++) {
    time += Math.round(random.exponential(DAY / RECORDS_PER_DAY));
    if (recent.length > 16 && random.chance(0.002)) {
      yield random.pick(recent);
      continue;
    }
    let next: UalRecord;
    if (random.chance(mailShare)) {
      const { tenant, user, access } = mailReader(random, world, time, cursor, onlyApis, apps);
      next = mailItemsAccessed(random, time, tenant, user, access, manyApps?.maxItems);
    } else next = otherRecord(random, world, time);
    if (recent.length === 64) recent[i % 64] = next;
    else recent.push(next);
    yield next;
  }
}

const RECORD_TYPE_NAMES: { [type: number]: string } = {
  1: 'ExchangeAdmin',
  2: 'ExchangeItem',
  6: 'SharePointFileOperation',
  15: 'AzureActiveDirectoryStsLogon',
  50: 'ExchangeItemAggregated',
};
export const PURVIEW_HEADER = 'RecordId,CreationDate,RecordType,Operation,UserId,AuditData,AssociatedAdminUnits,AssociatedAdminUnitsNames';

const csvField = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export function purviewRow({ id, time, recordType, operation, userId, json }: UalRecord): string {
  return `${id},${time}.0000000Z,${RECORD_TYPE_NAMES[recordType]},${csvField(operation)},${csvField(userId)},${csvField(json)},,`;
}

/** Buffered writer: big writes keep generation fast. */
export function createTextFile(path: string) {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    writeSync(fd, parts.join(''));
    parts = [];
    size = 0;
  };
  return {
    write(text: string) {
      parts.push(text);
      size += text.length;
      if (size > 4 << 20) flush();
    },
    close() {
      flush();
      closeSync(fd);
    },
  };
}

export interface BenchFile {
  path: string;
  label: string;
}

export const benchFiles = (dir: string, scale: number): BenchFile[] => {
  const suffix = scale === 1 ? '' : `-x${scale}`;
  return [
    { path: `${dir}/ual-5pct${suffix}.jsonl`, label: `JSON lines, 5% MailItemsAccessed${suffix}` },
    { path: `${dir}/ual-100pct${suffix}.jsonl`, label: `JSON lines, 100% MailItemsAccessed${suffix}` },
    { path: `${dir}/ual-5pct-purview${suffix}.csv`, label: `Purview CSV, 5% MailItemsAccessed${suffix}` },
    { path: `${dir}/ual-mia-apps${suffix}.jsonl`, label: `JSON lines, MIA only, 3,400 apps${suffix}` },
  ];
};

// The all-MailItemsAccessed file of a tenant with thousands of applications, 3,000 over Graph and 400 over
// EWS, beside users' own clients: 850,000 records (records of one message each keep it near 1.15 GB).
const MANY_APPS = { graph: 3000, ews: 400, maxItems: 1 };

/**
 * The benchmark files, `scale` million records each; the 5% JSON lines and CSV hold the same records. With
 * `onlyMissing`, only the files not there yet.
 */
export function writeBenchFiles(dir: string, scale: number, onlyMissing = false): BenchFile[] {
  const files = benchFiles(dir, scale);
  const wanted = files.filter((f) => !onlyMissing || !existsSync(f.path));
  if (wanted.includes(files[3])) writeManyAppsFile(files[3].path, scale * 850_000);
  if (!wanted.some((f) => files.indexOf(f) < 3)) return wanted;
  const [mixed, allMail, csv] = files.slice(0, 3).map((f) => createTextFile(f.path));
  csv.write(`${PURVIEW_HEADER}\r\n`);
  for (const record of generateRecords(scale * 1_000_000, 0.05)) {
    mixed.write(`${record.json}\n`);
    csv.write(`${purviewRow(record)}\r\n`);
  }
  for (const record of generateRecords(scale * 1_000_000, 1)) allMail.write(`${record.json}\n`);
  for (const file of [mixed, allMail, csv]) file.close();
  return wanted;
}

function writeManyAppsFile(path: string, count: number): void {
  const file = createTextFile(path);
  for (const record of generateRecords(count, 1, false, 5, MANY_APPS)) file.write(`${record.json}\n`);
  file.close();
}

/** A JSON lines file in which every record is a MailItemsAccessed the rule reads: for import and re-tuning timings. */
export function writeSelectedFile(path: string, count: number): void {
  const file = createTextFile(path);
  for (const record of generateRecords(count, 1, true)) file.write(`${record.json}\n`);
  file.close();
}
