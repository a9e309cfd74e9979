// Audit record -> MailEvent, applying the analytic's fixed selection on the way:
//   Workload=Exchange Operation=MailItemsAccessed AppId=* ClientAppId=*
//   (AppId="00000003-0000-0000-c000-000000000000" OR match(ClientInfoString, "^Client=WebServices;ExchangeWebServices"))
// Splunk's AppId comparison ignores case; its regex match does not.

import type { Row, Unwrapped } from './formats.ts';
import { addUnjudged, FIELD, type FieldPresence } from './rule-fields.ts';
import { hasZone, parseTimestamp } from './time.ts';
import type { MailEvent } from './types.ts';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const EWS_CLIENT = /^Client=WebServices;ExchangeWebServices/;
export const SELECTED_OPERATION = 'MailItemsAccessed';

const text = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');

export type Normalised = { event: MailEvent } | { problem: string } | null;

const present = (value: unknown) => value !== undefined && value !== null;

export interface NormaliseOptions {
  /** Where the fields the rule needs are tallied (rule-fields.ts). */
  fields?: FieldPresence;
  /** Minutes east of UTC of a fallback time that does not state its zone (a CSV header's [UTC+02:00]). */
  fallbackOffsetMinutes?: number;
}

/**
 * The event when the record is one the rule reads, a problem when it should be but is unreadable, else
 * null. A MailItemsAccessed record that lacks a field needed to judge it is tallied in `fields`, never
 * silently dropped.
 */
export function normalise({ record, fallbackId, fallbackTime }: Unwrapped, { fields, fallbackOffsetMinutes = 0 }: NormaliseOptions = {}): Normalised {
  if (text(record.Operation) !== SELECTED_OPERATION) return null;
  const workload = record.Workload ?? record.OfficeWorkload;
  // The rule's fields this record carries (rule-fields.ts), read once: every check below is on these bits.
  const carried =
    (present(workload) ? FIELD.workload : 0) |
    (present(record.AppId) ? FIELD.appId : 0) |
    (present(record.ClientAppId) ? FIELD.clientAppId : 0) |
    (present(record.ClientInfoString) ? FIELD.clientInfoString : 0) |
    (present(record.MailboxOwnerUPN) || present(record.MailboxGuid) || present(record.UserId) ? FIELD.mailbox : 0);
  if (fields) {
    fields.mailReads = true;
    fields.carried |= carried;
  }
  if (carried & FIELD.workload && text(workload) !== 'Exchange') return null;
  const appId = text(record.AppId).trim();
  const clientAppId = text(record.ClientAppId).trim();
  if ((carried & FIELD.appId && !appId) || (carried & FIELD.clientAppId && !clientAppId)) return null;
  const clientInfoString = text(record.ClientInfoString);
  const api = appId.toLowerCase() === GRAPH_APP_ID || EWS_CLIENT.test(clientInfoString);
  if (carried & FIELD.appId && carried & FIELD.clientInfoString && !api) return null;
  // What is left undecided is undecided for want of a field: counted apart by which fields were absent.
  const absent = (FIELD.workload | FIELD.appId | FIELD.clientAppId | (api ? 0 : FIELD.clientInfoString)) & ~carried;
  if (absent) {
    if (fields) addUnjudged(fields, absent);
    return null;
  }
  if (!(carried & FIELD.mailbox) && fields) fields.mailboxless++;

  let time = parseTimestamp(record.CreationTime);
  if (Number.isNaN(time)) {
    time = parseTimestamp(fallbackTime);
    if (fallbackOffsetMinutes && typeof fallbackTime === 'string' && !hasZone(fallbackTime)) time -= fallbackOffsetMinutes * 60_000;
  }
  if (Number.isNaN(time)) return { problem: `MailItemsAccessed record without a readable CreationTime (${JSON.stringify(text(record.CreationTime))})` };

  const userId = text(record.UserId);
  const properties = operationProperties(record.OperationProperties);
  const folders = folderCounts(record.Folders);
  const operationCount = Number(record.OperationCount);
  return {
    event: {
      id: text(record.Id ?? record.Identity ?? record.RecordId ?? record.OfficeId ?? record.id ?? fallbackId),
      time,
      tenant: text(record.OrganizationId),
      appId,
      clientAppId,
      clientInfoString,
      userId,
      mailbox: text(record.MailboxOwnerUPN) || text(record.MailboxGuid) || userId,
      clientIp: normaliseIp(text(record.ClientIPAddress ?? record.ClientIP ?? record.Client_IPAddress)),
      operationCount: Number.isFinite(operationCount) ? operationCount : 0,
      accessType: properties.accessType,
      throttled: properties.throttled,
      folders: folders.folders,
      messageIds: folders.messageIds,
    },
  };
}

/** 1.2.3.4:5678 -> 1.2.3.4, [2001:db8::1]:443 -> 2001:db8::1, ::ffff:1.2.3.4 -> 1.2.3.4, <null> -> ''. */
export function normaliseIp(raw: string): string {
  let ip = raw.trim();
  if (!ip || ip === '<null>' || ip.toLowerCase() === 'null') return '';
  if (ip.startsWith('[')) {
    const close = ip.indexOf(']');
    ip = close === -1 ? ip.slice(1) : ip.slice(1, close);
  } else if (ip.indexOf(':') !== -1 && ip.indexOf(':') === ip.lastIndexOf(':')) {
    ip = ip.slice(0, ip.indexOf(':')); // IPv4 with a port; IPv6 always has two colons or more
  }
  ip = ip.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(ip);
  return mapped ? mapped[1] : ip;
}

interface Properties {
  accessType: MailEvent['accessType'];
  throttled: boolean;
}

// OperationProperties arrive as [{Name, Value}], as that array in a JSON string (Sentinel), or as
// PowerShell's "@{Value=Bind; Name=MailAccessType}" strings (Defender).
function operationProperties(value: unknown): Properties {
  const out: Properties = { accessType: '', throttled: false };
  for (const item of listOf(value)) {
    let name = '';
    let val = '';
    if (typeof item === 'string') {
      name = /(?:^@\{|;)\s*Name=([^;}]*)/.exec(item)?.[1]?.trim() ?? '';
      val = /(?:^@\{|;)\s*Value=([^;}]*)/.exec(item)?.[1]?.trim() ?? '';
    } else if (item && typeof item === 'object') {
      name = text((item as Row).Name);
      val = text((item as Row).Value);
    }
    if (name === 'MailAccessType' && (val === 'Bind' || val === 'Sync')) out.accessType = val;
    if (name === 'IsThrottled') out.throttled = val.toLowerCase() === 'true';
  }
  return out;
}

function folderCounts(value: unknown): { folders: number; messageIds: number } {
  const folders = listOf(value);
  let messageIds = 0;
  for (const folder of folders) {
    const items = folder && typeof folder === 'object' ? (folder as Row).FolderItems : undefined;
    if (Array.isArray(items)) messageIds += items.length;
  }
  return { folders: folders.length, messageIds };
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(value);
      return Array.isArray(parsed) ? parsed : [];
    } catch {
      return [];
    }
  }
  return [];
}
