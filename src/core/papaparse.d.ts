// The one function of PapaParse the app uses (report.ts), typed here: @types/papaparse references Node's
// types, which would hand Node's globals to every runtime that imports the core. tsconfig.base.json maps
// the module here; the tests, which use more of PapaParse, keep its own types.

declare const Papa: {
  unparse(data: string[][], config?: { newline?: string; escapeFormulae?: boolean | RegExp }): string;
};
export default Papa;
