// Reading an audit record as the Splunk Add-on for Microsoft Office 365 presents it to ESCU searches:
// - Splunk's JSON lists (`Parameters{}.Name`, `OperationProperties{}.Value`) hold only the entries that have
//   the key, so positions shift past an entry without a Value (mv below);
// - Parameters[] Name/Value pairs become fields of their own (`ForwardTo`, `AccessRights`), as the TA's
//   extract_params does (param below; a top-level field of the same name wins);
// - the CIM fields `user`, `src`, `dest`, `object`, `signature`, `vendor_*` are derived (taFields below,
//   after the TA's props.conf [o365:management:activity]).
// Sentinel rows hold the nested lists as JSON strings; they are parsed on the way.

export type AuditRecord = Record<string, unknown>;

export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** An array, or an array held as a JSON string (Sentinel); else []. */
export function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string' && value.trim().startsWith('[')) {
    const parsed = parseJson(value);
    return Array.isArray(parsed) ? parsed : [];
  }
  return [];
}

export function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const isObject = (value: unknown): value is AuditRecord => !!value && typeof value === 'object' && !Array.isArray(value);

/** Splunk's `List{}.key`: the values of the entries that have the key, in order (null and objects skipped). */
export function mv(list: unknown, key: string): string[] {
  const out: string[] = [];
  for (const entry of listOf(list)) {
    if (!isObject(entry)) continue;
    const value = entry[key];
    if (value === undefined || value === null || typeof value === 'object') continue;
    out.push(text(value));
  }
  return out;
}

/** Splunk's mvfind: index of the first value the (unanchored) regex matches, or null. */
export function mvfind(values: string[], regex: RegExp): number | null {
  const at = values.findIndex((v) => regex.test(v));
  return at === -1 ? null : at;
}

/** Splunk's mvindex: 0-based, negative counts from the end; null when out of range or index null. */
export function mvindex(values: string[], index: number | null): string | undefined {
  if (index === null) return undefined;
  const at = index < 0 ? values.length + index : index;
  return at >= 0 && at < values.length ? values[at] : undefined;
}

/** The Value of the first Name/Value entry with that exact name, in a list such as Parameters[]. */
export function entryValue(list: unknown, name: string, valueKey = 'Value'): string | undefined {
  for (const entry of listOf(list)) {
    if (isObject(entry) && text(entry.Name) === name && entry[valueKey] !== undefined && entry[valueKey] !== null) return text(entry[valueKey]);
  }
  return undefined;
}

/** A field as an ESCU search sees it: top level first, else the Parameters[] pair of that name. Empty is absent. */
export function field(record: AuditRecord, name: string): string | undefined {
  const top = record[name];
  const value = top !== undefined && top !== null && typeof top !== 'object' ? text(top) : entryValue(record.Parameters, name);
  return value === undefined || value === '' ? undefined : value;
}

/** A nested field by dotted path (`Item.ParentFolder.Name`); objects held as JSON strings are parsed. */
export function path(record: AuditRecord, dotted: string): string | undefined {
  let at: unknown = record;
  for (const part of dotted.split('.')) {
    if (typeof at === 'string' && at.trim().startsWith('{')) at = parseJson(at);
    if (!isObject(at)) return undefined;
    at = at[part];
  }
  const value = at === undefined || at === null || typeof at === 'object' ? undefined : text(at);
  return value === '' ? undefined : value;
}

/** SPL `search field=value`: case-insensitive, `*` as a wildcard. */
export function searchMatch(value: string | undefined, pattern: string): boolean {
  if (value === undefined) return false;
  if (!pattern.includes('*')) return value.toLowerCase() === pattern.toLowerCase();
  let regex = wildcards.get(pattern);
  if (!regex) wildcards.set(pattern, (regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`, 'is')));
  return regex.test(value);
}
const wildcards = new Map<string, RegExp>(); // the rules' own patterns: a fixed, small set
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The record's Operation matches one of a rule's `operations` (case-insensitive, `*` wildcards). */
export const operationIn = (record: AuditRecord, operations: string[]) => operations.some((op) => searchMatch(text(record.Operation), op));

// The TA's CIM derivations. Only the branches the pack's operations reach are written out.
const ORG_DEST_WORKLOADS = new Set([
  'SecurityComplianceCenter',
  'AzureActiveDirectory',
  'OneDrive',
  'SharePoint',
  'MicrosoftTeams',
  'Exchange',
  'SkypeForBusiness',
  'Yammer',
  'MicrosoftForms',
]);
const OBJECT_ID_USER_OPERATIONS = new Set([
  'Set-Mailbox',
  'New-Mailbox',
  'Set-User',
  'Add-RecipientPermission',
  'Remove-RoleGroupMember',
  'Set-AdminAuditLogConfig',
  'New-MailContact',
  'Remove-MailContact',
]);
const FOLDER_OPERATIONS = new Set(['ModifyFolderPermissions', 'AddFolderPermissions']);
const ITEM_OPERATIONS = new Set(['Create', 'Update', 'Move', 'MoveToDeletedItems', 'SoftDelete', 'HardDelete', 'Send', 'SendAs', 'SendOnBehalf', 'Copy']);

/** Actor[] / Target[] entry ID of Type 5, else of Type 1. */
export function typedId(list: unknown): string | undefined {
  const entries = listOf(list).filter(isObject);
  const of = (type: number) => entries.find((e) => Number(e.Type) === type && text(e.ID) !== '');
  const hit = of(5) ?? of(1);
  return hit ? text(hit.ID) : undefined;
}

// A type, not an interface, so that a row built on it is a Row (model.ts).
export type TaFields = {
  signature?: string;
  dest?: string;
  user?: string;
  user_id?: string;
  src?: string;
  object?: string;
  vendor_account?: string;
  vendor_product?: string;
};

// One string per workload, not one per row: the runner compares its groups' BY values, and the same string
// compares at once.
const vendorProducts = new Map<string, string>();
function vendorProduct(workload: string): string {
  let product = vendorProducts.get(workload);
  if (product === undefined) {
    product = `Microsoft Office 365 ${workload}`;
    if (vendorProducts.size < 256) vendorProducts.set(workload, product);
  }
  return product;
}

export function taFields(record: AuditRecord): TaFields {
  const operation = text(record.Operation);
  const workload = text(record.Workload ?? record.OfficeWorkload);
  const nonEmpty = (v: unknown) => (text(v) === '' ? undefined : text(v));
  let user: string | undefined;
  if (workload === 'AzureActiveDirectory') user = typedId(record.Actor) ?? nonEmpty(record.UserId);
  else if (workload === 'Exchange' && OBJECT_ID_USER_OPERATIONS.has(operation)) user = nonEmpty(record.ObjectId);
  else user = nonEmpty(record.UserId);
  let object: string | undefined;
  if (workload === 'Exchange') {
    if (FOLDER_OPERATIONS.has(operation)) object = path(record, 'Item.ParentFolder.Name');
    else if (ITEM_OPERATIONS.has(operation)) object = path(record, 'Item.Subject');
    else object = nonEmpty(record.ObjectId);
  } else if (workload === 'AzureActiveDirectory') object = typedId(record.Target) ?? nonEmpty(record.ObjectId);
  else object = nonEmpty(record.ObjectId);
  return {
    signature: nonEmpty(operation),
    dest: ORG_DEST_WORKLOADS.has(workload) ? nonEmpty(record.OrganizationId) : nonEmpty(record.ObjectId),
    user,
    user_id: nonEmpty(record.UserId),
    src: nonEmpty(record.ActorIpAddress) ?? nonEmpty(record.ClientIP),
    object,
    vendor_account: nonEmpty(record.OrganizationId),
    vendor_product: workload ? vendorProduct(workload) : undefined,
  };
}

/** The record's Workload (Sentinel: OfficeWorkload). */
export const workloadOf = (record: AuditRecord) => text(record.Workload ?? record.OfficeWorkload);

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The application ids an Entra ID record about an app names: ObjectId, the GUIDs in Target[] (type 2 and 4
 * entries carry the app and service principal ids, some prefixed `ServicePrincipal_`), the app id in
 * ModifiedProperties, lower-cased. The stories match them against MailItemsAccessed's ClientAppId.
 */
export function applicationIds(record: AuditRecord): string[] {
  const ids = new Set<string>();
  const add = (value: string | undefined) => {
    for (const m of (value ?? '').matchAll(GUID)) ids.add(m[0].toLowerCase());
  };
  add(text(record.ObjectId));
  for (const entry of listOf(record.Target)) if (isObject(entry) && Number(entry.Type) !== 1) add(text(entry.ID));
  for (const name of ['ServicePrincipal.AppId', 'TargetId.ServicePrincipalNames']) add(entryValue(record.ModifiedProperties, name, 'NewValue'));
  const appId = text(record.AppId);
  if (appId) add(appId);
  return [...ids];
}

/** Splunk's values(): distinct, sorted lexicographically (by code unit, as Splunk sorts strings). */
export const sortedValues = (values: Iterable<string>) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

export const lower = (values: (string | undefined)[]) => values.filter((v): v is string => !!v).map((v) => v.toLowerCase());
