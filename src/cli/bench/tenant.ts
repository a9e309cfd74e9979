// The people and applications behind the benchmark's audit log: two tenants (an MSSP export), their users,
// and the applications that read mail through Microsoft Graph or EWS.

import type { Random } from './random.ts';

export interface User {
  upn: string;
  mailboxGuid: string;
  sid: string;
  userKey: string;
  objectId: string;
  ip: string;
}

export interface Tenant {
  id: string;
  domain: string;
  server: string;
  users: User[];
}

/** An application reading mail over Graph: a SaaS integration serving a few users, or an attacker's app. */
export interface MailApp {
  id: string;
  tenant: Tenant;
  users: User[];
}

const FIRST = [
  'adele',
  'alex',
  'diego',
  'grady',
  'henrietta',
  'isaiah',
  'johanna',
  'joni',
  'lee',
  'lidia',
  'lynne',
  'megan',
  'miriam',
  'nestor',
  'patti',
  'pradeep',
  'amélie',
  'søren',
];
const LAST = [
  'vance',
  'wilber',
  'siciliani',
  'archie',
  'mueller',
  'langer',
  'lauer',
  'sherman',
  'gu',
  'holloway',
  'robbins',
  'bowen',
  'graham',
  'wilke',
  'fernandez',
  'gupta',
];

export const ip4 = (random: Random) => `${20 + random.int(180)}.${random.int(256)}.${random.int(256)}.${1 + random.int(254)}`;

function createTenant(random: Random, domain: string, size: number): Tenant {
  const sidBase = `S-1-5-21-${1000000000 + random.int(1e9)}-${1000000000 + random.int(1e9)}-${100000000 + random.int(9e8)}`;
  const users = Array.from({ length: size }, (_, i): User => ({
    upn: `${random.pick(FIRST)}.${random.pick(LAST)}${i}@${domain}`,
    mailboxGuid: random.guid(),
    sid: `${sidBase}-${10000000 + random.int(9e7)}`,
    userKey: `1003${random.hex(12)}`,
    objectId: random.guid(),
    ip: ip4(random),
  }));
  return { id: random.guid(), domain, server: `${random.pick(['CH0PR18', 'BYAPR18', 'PH0PR14', 'DM6PR11', 'AM6PR04'])}MB${1000 + random.int(9000)}`, users };
}

export interface World {
  tenants: Tenant[];
  /** SaaS integrations reading a few users' mail over Graph (each user consented). */
  saas: MailApp[];
  /** The attacker's app: consented once by an admin, then reads every mailbox it can. */
  attacker: MailApp;
  /** A backup product crawling every mailbox over EWS each night. */
  backup: MailApp;
}

/**
 * A tenant where thousands of applications read mail: SaaS integrations over Graph, and hundreds of EWS
 * tools (archivers, CRM plug-ins, migration agents), each serving a few mailboxes.
 */
export interface ManyApps {
  graph: (MailApp & { ip: string })[];
  ews: (MailApp & { ip: string; clientInfoString: string })[];
}

export function createManyApps(random: Random, world: World, graphApps: number, ewsApps: number): ManyApps {
  const [contoso] = world.tenants;
  const serving = () => Array.from({ length: 1 + random.int(5) }, () => random.pick(contoso.users));
  const graph = Array.from({ length: graphApps }, () => ({ id: random.guid(), tenant: contoso, users: serving(), ip: ip4(random) }));
  const ews = Array.from({ length: ewsApps }, (_, i) => {
    const agent = `${random.pick(['ArchiveAgent', 'CrmSync', 'MigrationWiz', 'LegalHold', 'MailScan'])}/${1 + random.int(9)}.${random.int(10)}`;
    const clientInfoString = `Client=WebServices;ExchangeWebServices/15.20.${7000 + i}.0${random.int(90)};${agent}`;
    return { id: random.guid(), tenant: contoso, users: serving(), ip: ip4(random), clientInfoString };
  });
  return { graph, ews };
}

export function createWorld(random: Random): World {
  const contoso = createTenant(random, 'contoso.com', 3000);
  const fabrikam = createTenant(random, 'fabrikam.onmicrosoft.com', 800);
  const tenants = [contoso, fabrikam];
  const saas = Array.from({ length: 160 }, (): MailApp => {
    const tenant = random.chance(0.8) ? contoso : fabrikam;
    const users = Array.from({ length: 1 + random.int(9) }, () => random.pick(tenant.users));
    return { id: random.guid(), tenant, users };
  });
  return {
    tenants,
    saas,
    attacker: { id: random.guid(), tenant: contoso, users: contoso.users },
    backup: { id: random.guid(), tenant: contoso, users: contoso.users },
  };
}
