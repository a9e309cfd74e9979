import fc from 'fast-check';
import Papa from 'papaparse';
import { expect, test } from 'vitest';
import { splitCsvRow } from '../../src/core/csv-records.ts';

// splitCsvRow is the engine's own field splitter (faster than a general parser on the one row it is
// handed); PapaParse is the independent reference. For any fields, quoted as a writer quotes them, with any
// of the delimiters exports use, both read the same values back. Its lone line breaks, ", " and quotes
// inside values, and empty fields are what AuditData cells hold.
const text = fc.string({ unit: fc.constantFrom('a', 'Z', '9', ' ', ',', ';', '\t', '"', '\n', '\r\n', '{', '}', ':', 'é', '😀') });

test('reads any row as PapaParse reads it, for every delimiter exports use', () => {
  fc.assert(
    fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), fc.constantFrom(',', ';', '\t'), fc.boolean(), (fields, delimiter, quoteAll) => {
      fc.pre(fields.length > 1 || fields[0] !== ''); // an empty line is no row at all to PapaParse
      const row = Papa.unparse([fields], { delimiter, quotes: quoteAll, newline: '\r\n' });
      const parsed = Papa.parse<string[]>(row, { delimiter, newline: '\r\n' }).data[0];
      expect(splitCsvRow(row, delimiter)).toEqual(parsed);
      expect(parsed).toEqual(fields);
    }),
    { numRuns: 500 },
  );
});
