import { useState } from 'preact/hooks';
import { exportRule, RULE_TARGETS, TARGET_FILES, type RuleTarget } from '../core/rule-export/index.ts';
import type { RuleParams } from '../core/types.ts';
import { saveText } from './download.ts';

/** The rule as tuned, written out for a SIEM or data platform: shown as text and saved as a file, offline. */
export function RuleExportPanel({ params }: { params: RuleParams }) {
  const [target, setTarget] = useState<RuleTarget>('spl');
  const text = exportRule(target, params);
  const file = TARGET_FILES[target];

  return (
    <section class="rule-export" aria-label="Export the rule">
      <h2>Carry the rule to your SIEM</h2>
      <div class="rule-export-actions">
        <label>
          Target
          <select value={target} onChange={(e) => setTarget(e.currentTarget.value as RuleTarget)}>
            {RULE_TARGETS.map((t) => (
              <option key={t} value={t}>
                {TARGET_FILES[t].label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => saveText(file.fileName, text, file.type)}>
          Download {file.fileName}
        </button>
      </div>
      {/* Folded by default: the text is long and most responders want the file, not the page, to carry it. */}
      <details>
        <summary>Show the {file.label} text</summary>
        <pre aria-label={`${file.label} rule`}>{text}</pre>
      </details>
    </section>
  );
}
