import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatOfRow, type Row } from '../../src/core/formats.ts';

const unwrap = (row: Row) => formatOfRow(row)?.unwrap?.(row);
import { normalise, normaliseIp } from '../../src/core/normalise.ts';
import { isoUtc, parseSpan, parseTimestamp } from '../../src/core/time.ts';

describe('client IP forms', () => {
  test.each([
    ['1.2.3.4', '1.2.3.4'],
    ['1.2.3.4:63070', '1.2.3.4'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['::FFFF:1.2.3.4', '1.2.3.4'],
    ['FE80::', 'fe80::'],
    ['2001:DB8::1', '2001:db8::1'],
    ['', ''],
    ['  ', ''],
    ['<null>', ''],
  ])('%j -> %j', (raw, expected) => expect(normaliseIp(raw)).toBe(expected));
});

describe('timestamps are UTC whatever the spelling', () => {
  test.each([
    ['2024-02-01T16:07:34', Date.UTC(2024, 1, 1, 16, 7, 34)],
    ['2024-02-01T16:07:34Z', Date.UTC(2024, 1, 1, 16, 7, 34)],
    ['2021-08-02T13:32:07.0000000Z', Date.UTC(2021, 7, 2, 13, 32, 7)],
    ['2024-02-01T16:07:34.5', Date.UTC(2024, 1, 1, 16, 7, 34, 500)],
    ['2024-02-01T18:07:34+02:00', Date.UTC(2024, 1, 1, 16, 7, 34)],
    ['2024-02-01 16:07:34', Date.UTC(2024, 1, 1, 16, 7, 34)],
    ['/Date(1706781780000)/', 1706781780000],
    ['9/20/2023 4:05:03 AM', Date.UTC(2023, 8, 20, 4, 5, 3)],
    ['9/20/2023 12:05:03 AM', Date.UTC(2023, 8, 20, 0, 5, 3)],
    ['9/20/2023 12:05:03 PM', Date.UTC(2023, 8, 20, 12, 5, 3)],
    ['8/2/2021, 1:32:07.000 PM', Date.UTC(2021, 7, 2, 13, 32, 7)],
  ])('%j', (text, expected) => expect(parseTimestamp(text)).toBe(expected));
  test.each(['', 'yesterday', '2024-13-45', null, undefined])('unreadable %j is NaN', (text) => {
    // 2024-13-45 matches the shape; Date.UTC rolls it over, which is still a number: accept either, but not silently for words.
    const value = parseTimestamp(text);
    if (text === '2024-13-45') expect(typeof value).toBe('number');
    else expect(value).toBeNaN();
  });
  test('CreationTime as the audit log writes it reads as the UTC instant, for any date and time', () => {
    const part = (max: number, min = 0) => fc.integer({ min, max });
    fc.assert(
      fc.property(part(2099, 1970), part(12, 1), part(28, 1), part(23), part(59), part(59), fc.constantFrom('T', 't', ' '), (y, mo, d, h, mi, se, sep) => {
        const two = (n: number) => String(n).padStart(2, '0');
        return parseTimestamp(`${y}-${two(mo)}-${two(d)}${sep}${two(h)}:${two(mi)}:${two(se)}`) === Date.UTC(y, mo - 1, d, h, mi, se);
      }),
    );
  });
  test('a damaged CreationTime reads as the general reader reads it', () => {
    // Surrounding spaces steer a timestamp past the quick CreationTime reader to the general one, which trims them.
    fc.assert(
      fc.property(fc.nat(18), fc.constantFrom(...'0123456789-:T Zx+.'), (at, c) => {
        const text = `2024-02-01T16:07:34`.slice(0, at) + c + `2024-02-01T16:07:34`.slice(at + 1);
        return Object.is(parseTimestamp(text), parseTimestamp(` ${text} `));
      }),
    );
  });
  test('iso output drops zero milliseconds and keeps others', () => {
    expect(isoUtc(Date.UTC(2024, 1, 1, 10))).toBe('2024-02-01T10:00:00Z');
    expect(isoUtc(Date.UTC(2024, 1, 1, 10, 0, 0, 250))).toBe('2024-02-01T10:00:00.250Z');
  });
  test.each([
    ['10m', 600_000],
    ['600s', 600_000],
    ['600', 600_000],
    ['1h', 3_600_000],
    ['0m', NaN],
    ['ten', NaN],
  ])('span %j', (text, ms) => expect(parseSpan(text)).toBe(ms));
});

const mia = (over: Record<string, unknown> = {}) => ({
  CreationTime: '2024-02-01T10:00:00',
  Id: 'id-1',
  Operation: 'MailItemsAccessed',
  Workload: 'Exchange',
  OrganizationId: 'tenant',
  UserId: 'reader@contoso.com',
  MailboxOwnerUPN: 'owner@contoso.com',
  MailboxGuid: 'guid-1',
  AppId: '00000003-0000-0000-c000-000000000000',
  ClientAppId: 'client-app',
  ClientInfoString: 'Client=REST;;',
  ClientIPAddress: '1.2.3.4',
  ...over,
});
const selected = (record: Record<string, unknown>) => {
  const result = normalise(unwrap(record)!);
  return result && 'event' in result ? result.event : null;
};

describe('the analytic selection', () => {
  test.each([
    { name: 'Graph AppId', over: {}, expected: true },
    { name: 'Graph AppId in upper case (Splunk compares it ignoring case)', over: { AppId: '00000003-0000-0000-C000-000000000000' }, expected: true },
    { name: 'EWS ClientInfoString with another AppId', over: { AppId: 'x', ClientInfoString: 'Client=WebServices;ExchangeWebServices/15;' }, expected: true },
    { name: 'EWS regex is case-sensitive', over: { AppId: 'x', ClientInfoString: 'client=webservices;exchangewebservices' }, expected: false },
    { name: 'EWS regex is anchored', over: { AppId: 'x', ClientInfoString: ' Client=WebServices;ExchangeWebServices' }, expected: false },
    { name: 'Outlook over RPC', over: { AppId: 'x', ClientInfoString: 'Client=MSExchangeRPC' }, expected: false },
    { name: 'missing ClientAppId', over: { ClientAppId: undefined }, expected: false },
    { name: 'empty AppId', over: { AppId: '' }, expected: false },
    { name: 'other workload', over: { Workload: 'SharePoint' }, expected: false },
    { name: 'AttachmentAccess shares RecordType 50 but is another operation', over: { Operation: 'AttachmentAccess' }, expected: false },
    { name: 'missing ClientInfoString with Graph AppId: kept as empty string', over: { ClientInfoString: undefined }, expected: true },
  ])('$name', ({ over, expected }) => expect(selected(mia(over)) !== null).toBe(expected));

  test('missing ClientInfoString becomes the empty string', () => expect(selected(mia({ ClientInfoString: undefined }))!.clientInfoString).toBe(''));

  test.each([
    { name: 'MailboxOwnerUPN first', over: {}, mailbox: 'owner@contoso.com' },
    { name: 'else MailboxGuid', over: { MailboxOwnerUPN: '' }, mailbox: 'guid-1' },
    { name: 'else UserId', over: { MailboxOwnerUPN: undefined, MailboxGuid: undefined }, mailbox: 'reader@contoso.com' },
  ])('mailbox read: $name', ({ over, mailbox }) => expect(selected(mia(over))!.mailbox).toBe(mailbox));

  test('a selected record without a readable time is a problem, not a silent drop', () => {
    expect(normalise(unwrap(mia({ CreationTime: 'soon' }))!)).toEqual({ problem: expect.stringContaining('CreationTime') });
  });

  test.each([
    {
      name: 'objects',
      props: [
        { Name: 'MailAccessType', Value: 'Sync' },
        { Name: 'IsThrottled', Value: 'True' },
      ],
    },
    {
      name: 'a JSON string (Sentinel)',
      props: JSON.stringify([
        { Name: 'MailAccessType', Value: 'Sync' },
        { Name: 'IsThrottled', Value: 'True' },
      ]),
    },
    { name: 'PowerShell strings (Defender)', props: ['@{Value=Sync; Name=MailAccessType}', '@{Value=True; Name=IsThrottled}'] },
  ])('OperationProperties as $name', ({ props }) => {
    expect(selected(mia({ OperationProperties: props }))).toMatchObject({ accessType: 'Sync', throttled: true });
  });

  test('record Id falls back through Identity, RecordId, OfficeId and the wrapper id', () => {
    expect(selected(mia({ Id: undefined, Identity: 'ps-id' }))!.id).toBe('ps-id');
    expect(selected(mia({ Id: undefined, RecordId: 'purview-id' }))!.id).toBe('purview-id');
    expect(selected(mia({ Id: undefined, OfficeId: 'sentinel-id' }))!.id).toBe('sentinel-id');
  });
});
