// One time line per application and per mailbox: every pack alert and API-read alert that touches it,
// oldest first, with the Graph/EWS listing rows (api-context.ts) as context entries. An application is its
// ClientAppId (Exchange records) or an id an Entra ID record names for the app (fields.applicationIds);
// a mailbox is its address, lower-cased. Only applications and mailboxes some alert names get a story:
// context alone (an app that read mail) is not an incident.
//
// Input and output are plain data, so the app can build stories from what it stores.

import { TITLE } from '../rule-export/shared.ts';
import { SPLUNK_ANALYTIC_ID } from '../rule-export/spl.ts';
import type { Alert } from '../types.ts';
import { sortedValues } from './fields.ts';
import type { PackAlert } from './model.ts';

/** The API-read rule (rule.ts): O365 Multiple Mailboxes Accessed via API. */
export const API_READ_DETECTION = { id: SPLUNK_ANALYTIC_ID, name: TITLE };

export interface StoryEntry {
  time: string;
  end: string;
  source: 'pack' | 'api-read' | 'context';
  detection: string;
  key: string;
  detectionName: string;
  risk: number;
  technique: string;
  summary: string;
  /** At most STORY_LISTED of the entry's mailboxes (its alert holds them all); mailboxCount says how many. */
  mailboxes: string[];
  mailboxCount: number;
  applications: string[];
}

/**
 * Mailboxes an entry lists. An API-read alert may name thousands, and each of them has a story holding the
 * entry, so full lists would grow as mailboxes times alerts (hundreds of MB for a million reads).
 */
export const STORY_LISTED = 20;

export interface Story {
  kind: 'application' | 'mailbox';
  subject: string;
  first: string;
  last: string;
  /** Sum of the alert entries' risk scores (context entries add nothing), as RBA adds risk per object. */
  risk: number;
  entries: StoryEntry[];
}

/** What the Graph/EWS listings say of one application: shown with its API-read alert. */
export interface ApplicationReads {
  application: string;
  mailboxes: string[];
  firstRead: string;
  lastRead: string;
  records: number;
  via: string[];
}

export interface StoryInput {
  packAlerts: PackAlert[];
  /** The context rows of the pack (the runner's `context`). */
  context?: PackAlert[];
  apiAlerts?: Alert[];
}

const via = (row: PackAlert) => (row.detectionName.endsWith('EWS') ? 'EWS' : 'Graph');

/** Per application, from the context rows: the mailboxes it read and when it first and last did. */
export function applicationReads(context: PackAlert[]): ApplicationReads[] {
  const byApp = new Map<string, ApplicationReads & { seen: Set<string>; ways: Set<string> }>();
  for (const row of context) {
    for (const application of row.applications) {
      let reads = byApp.get(application);
      if (!reads) {
        reads = { application, mailboxes: [], firstRead: row.firstTime, lastRead: row.lastTime, records: 0, via: [], seen: new Set(), ways: new Set() };
        byApp.set(application, reads);
      }
      for (const mailbox of row.mailboxes) reads.seen.add(mailbox);
      if (row.firstTime < reads.firstRead) reads.firstRead = row.firstTime;
      if (row.lastTime > reads.lastRead) reads.lastRead = row.lastTime;
      reads.records += row.count;
      reads.ways.add(via(row));
    }
  }
  return [...byApp.values()]
    .map(({ seen, ways, ...reads }) => ({ ...reads, mailboxes: sortedValues([...seen]), via: sortedValues([...ways]) }))
    .sort((a, b) => (a.application < b.application ? -1 : 1));
}

const packEntry = (a: PackAlert): StoryEntry => ({
  time: a.firstTime,
  end: a.lastTime,
  source: 'pack',
  detection: a.detection,
  key: a.key,
  detectionName: a.detectionName,
  risk: a.risk,
  technique: a.technique,
  summary: a.message,
  mailboxes: a.mailboxes,
  mailboxCount: a.mailboxes.length,
  applications: a.applications,
});

const apiEntry = (a: Alert): StoryEntry => ({
  time: a.firstEvent || a.time,
  end: a.lastEvent || a.end,
  source: 'api-read',
  detection: API_READ_DETECTION.id,
  key: API_READ_DETECTION.id,
  detectionName: API_READ_DETECTION.name,
  risk: a.riskScore,
  technique: a.mitre,
  summary: a.message,
  mailboxes: sortedValues(a.mailboxes.map((m) => m.toLowerCase())),
  mailboxCount: a.mailboxes.length,
  applications: [a.clientAppId.toLowerCase()],
});

const contextEntry = (application: string, mailboxes: string[], first: string, last: string, ways: string[]): StoryEntry => ({
  time: first,
  end: last,
  source: 'context',
  detection: '',
  key: '',
  detectionName: `Mailbox reads via ${ways.join(' and ')}`,
  risk: 0,
  technique: 'T1114.002',
  summary: `${application} read ${mailboxes.length} mailbox${mailboxes.length === 1 ? '' : 'es'} from ${first} to ${last}`,
  mailboxes,
  mailboxCount: mailboxes.length,
  applications: [application],
});

const SOURCE_ORDER = { pack: 0, 'api-read': 1, context: 2 };
const byTime = (a: StoryEntry, b: StoryEntry) =>
  a.time < b.time ? -1 : a.time > b.time ? 1 : SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

const listed = (entry: StoryEntry): StoryEntry =>
  entry.mailboxes.length > STORY_LISTED ? { ...entry, mailboxes: entry.mailboxes.slice(0, STORY_LISTED) } : entry;

function stories(kind: Story['kind'], entries: StoryEntry[], subjectsOf: (e: StoryEntry) => string[], context: Map<string, StoryEntry[]>): Story[] {
  const bySubject = new Map<string, StoryEntry[]>();
  for (const entry of entries) {
    const shown = listed(entry);
    for (const subject of subjectsOf(entry)) {
      const own = bySubject.get(subject);
      if (own) own.push(shown);
      else bySubject.set(subject, [shown]);
    }
  }
  const out: Story[] = [];
  for (const [subject, own] of bySubject) {
    const all = [...own, ...(context.get(subject) ?? []).map(listed)].sort(byTime);
    out.push({
      kind,
      subject,
      first: all[0].time,
      last: all.reduce((max, e) => (e.end > max ? e.end : max), all[0].end),
      risk: own.reduce((sum, e) => sum + e.risk, 0),
      entries: all,
    });
  }
  return out.sort((a, b) => b.risk - a.risk || (a.first < b.first ? -1 : a.first > b.first ? 1 : a.subject < b.subject ? -1 : 1));
}

/**
 * The application and mailbox stories, highest summed risk first. An alert that names no application (a
 * content search export, a forwarding rule set by a user) joins the story of every application that read
 * one of its mailboxes, so an application's story runs from its consent through the reads to what was done
 * with the mailboxes it read.
 */
export function buildStories({ packAlerts, context = [], apiAlerts = [] }: StoryInput): { applications: Story[]; mailboxes: Story[] } {
  const entries = [...packAlerts.filter((a) => a.type !== 'Context').map(packEntry), ...apiAlerts.map(apiEntry)];
  const appContext = new Map<string, StoryEntry[]>();
  for (const reads of applicationReads(context))
    appContext.set(reads.application, [contextEntry(reads.application, reads.mailboxes, reads.firstRead, reads.lastRead, reads.via)]);
  // Per mailbox: one context entry per application that read it.
  const mailboxContext = new Map<string, StoryEntry[]>();
  const perPair = new Map<string, { app: string; mailbox: string; first: string; last: string; via: Set<string> }>();
  for (const row of context)
    for (const app of row.applications)
      for (const mailbox of row.mailboxes) {
        const key = `${app}\u0000${mailbox}`;
        const pair = perPair.get(key);
        if (!pair) perPair.set(key, { app, mailbox, first: row.firstTime, last: row.lastTime, via: new Set([via(row)]) });
        else {
          if (row.firstTime < pair.first) pair.first = row.firstTime;
          if (row.lastTime > pair.last) pair.last = row.lastTime;
          pair.via.add(via(row));
        }
      }
  for (const p of perPair.values()) {
    const entry = contextEntry(p.app, [p.mailbox], p.first, p.last, sortedValues(p.via));
    const own = mailboxContext.get(p.mailbox);
    if (own) own.push(entry);
    else mailboxContext.set(p.mailbox, [entry]);
  }
  // Which applications read each mailbox: the context rows and the API-read alerts.
  const readers = new Map<string, Set<string>>();
  const reader = (mailbox: string, app: string) => {
    const apps = readers.get(mailbox);
    if (apps) apps.add(app);
    else readers.set(mailbox, new Set([app]));
  };
  for (const p of perPair.values()) reader(p.mailbox, p.app);
  for (const e of entries) if (e.source === 'api-read') for (const mailbox of e.mailboxes) for (const app of e.applications) reader(mailbox, app);
  const applicationsOf = (e: StoryEntry): string[] =>
    e.applications.length ? e.applications : sortedValues(e.mailboxes.flatMap((mailbox) => [...(readers.get(mailbox) ?? [])]));
  return {
    applications: stories('application', entries, applicationsOf, appContext),
    mailboxes: stories('mailbox', entries, (e) => e.mailboxes, mailboxContext),
  };
}
