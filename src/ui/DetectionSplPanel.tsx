import { useState } from 'preact/hooks';
import { DETECTIONS } from '../core/detections/index.ts';
import { detectionSpl } from '../core/rule-export/detection-spl.ts';
import { saveText } from './download.ts';

/** The pack's analytics that have ESCU text (analyst variants have none), in the pack's order. */
const WITH_SPL = DETECTIONS.filter((d) => d.spl && !d.analyst);

/** ESCU's file name for an analytic: its name in snake case. */
export const splFileName = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}.spl`;

/** Each detection of the pack as ESCU ships it, for a SIEM that runs ESCU already: shown and saved offline. */
export function DetectionSplPanel() {
  const [id, setId] = useState(WITH_SPL[0].escuId);
  const detection = WITH_SPL.find((d) => d.escuId === id) ?? WITH_SPL[0];
  const text = detectionSpl(detection);
  const fileName = splFileName(detection.name);
  return (
    <section class="rule-export" aria-label="Export a detection of the pack">
      <h2>Carry a detection of the pack</h2>
      <div class="rule-export-actions">
        <label>
          Detection
          <select value={detection.escuId} onChange={(e) => setId(e.currentTarget.value)}>
            {WITH_SPL.map((d) => (
              <option key={d.escuId} value={d.escuId}>
                {d.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => saveText(fileName, text, 'text/plain')}>
          Download {fileName}
        </button>
      </div>
      <details>
        <summary>Show the ESCU SPL of {detection.name}</summary>
        <pre aria-label={`${detection.name} SPL`}>{text}</pre>
      </details>
    </section>
  );
}
