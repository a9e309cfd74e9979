import { useEffect, useMemo, useState } from 'preact/hooks';
import { version } from '../../package.json';
import { eventsToCsv } from '../core/report.ts';
import type { AlertDetailAnswer } from '../worker/api.ts';
import { describeEvidence } from '../core/evidence.ts';
import { EvidencePanel } from './EvidencePanel.tsx';
import { rowKey } from './alert-rows.ts';
import { alertKey } from './alert-sort.ts';
import { AlertDetail } from './AlertDetail.tsx';
import { AlertTable } from './AlertTable.tsx';
import { saveBlob, saveText } from './download.ts';
import { DetectionFilter } from './DetectionFilter.tsx';
import { DetectionSplPanel } from './DetectionSplPanel.tsx';
import { DropZone } from './DropZone.tsx';
import { ImportList } from './ImportList.tsx';
import { buildProvenance } from './provenance.ts';
import { PackAlertDetail } from './PackAlertDetail.tsx';
import { RuleExportPanel } from './RuleExportPanel.tsx';
import { RuleSettings } from './RuleSettings.tsx';
import { StoryView } from './StoryView.tsx';
import { UpdatePrompt } from './UpdatePrompt.tsx';
import { countingNotice, uncountedNotice } from './use-alerts.ts';
import { useAlertRows } from './use-alert-rows.ts';
import { useStory } from './use-story.ts';
import { useWorkspace } from './use-workspace.ts';
import { WorkspaceActions } from './WorkspaceActions.tsx';

interface Props {
  updateReady?: boolean;
  onUpdate?(): void;
}

export function App({ updateReady = false, onUpdate = () => {} }: Props) {
  const ws = useWorkspace();
  const [selected, setSelected] = useState<string | null>(null);
  const { rows, shown: shownRows, detections, filter, setFilter } = useAlertRows(ws.alerts, ws.packAlerts);
  const row = rows.find((r) => rowKey(r) === selected) ?? null;
  const alert = row && !row.pack ? row : null;
  const story = useStory(ws.story);
  const fileNames = useMemo(() => new Map(ws.imports.map((i) => [i.id, i.name])), [ws.imports]);
  // The open alert's events and timeline, asked of the worker when it opens or its rule changes.
  const [detail, setDetail] = useState<(AlertDetailAnswer & { row: typeof alert }) | null>(null);
  useEffect(() => {
    if (!alert) return setDetail(null);
    let current = true;
    ws.alertDetail(alert).then(
      (answer) => current && setDetail(answer && { ...answer, row: alert }),
      () => {},
    );
    return () => void (current = false);
  }, [alert, ws.alertDetail]);
  const shown = detail && alert && detail.row === alert ? detail : null;
  const contributing = useMemo(
    () => (shown ? shown.events.map((e) => ({ ...e, file: e.importId ? fileNames.get(e.importId) : undefined })) : []),
    [shown, fileNames],
  );
  const evidence = useMemo(
    () =>
      describeEvidence(
        ws.imports.map((i) => i.summary),
        ws.alerts,
        ws.params.spanMs,
      ),
    [ws.imports, ws.alerts, ws.params.spanMs],
  );
  const nearGap = useMemo(() => new Set(evidence.nearGap.map((a) => alertKey(a))), [evidence]);
  const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

  return (
    <>
      <header class="top">
        <h1>UAL Triage</h1>
        <p class="muted">
          Mass mailbox access through Microsoft Graph or EWS (MITRE ATT&amp;CK T1114.002), found in unified audit log exports on this machine. Nothing is
          uploaded; the app works offline.
        </p>
        {updateReady && <UpdatePrompt busy={ws.busy} onUpdate={onUpdate} />}
        {ws.notice && (
          <p class="notice" role="alert">
            {ws.notice}
          </p>
        )}
        {ws.counting && (
          <p class="notice" role="status">
            {countingNotice(ws.counting)}{' '}
            <button type="button" onClick={ws.cancelCount}>
              Cancel
            </button>
          </p>
        )}
        {ws.uncounted > 0 && (
          <p class="notice" role="alert">
            {uncountedNotice(ws.uncounted)}
          </p>
        )}
      </header>
      <main>
        <section aria-labelledby="import-heading">
          <h2 id="import-heading">Files</h2>
          <DropZone onFiles={ws.addFiles} onSample={ws.loadSample} timeOffset={ws.timeOffset} onTimeOffset={ws.setTimeOffset} />
          <ImportList imports={ws.imports} jobs={ws.jobs} onCancel={ws.cancel} />
        </section>
        <section aria-labelledby="rule-heading">
          <h2 id="rule-heading">Rule</h2>
          <RuleSettings params={ws.params} onChange={ws.setParams} />
          <RuleExportPanel params={ws.params} />
          <DetectionSplPanel />
        </section>
        <section aria-labelledby="alerts-heading">
          <div class="alerts-head">
            <h2 id="alerts-heading" aria-busy={ws.asking}>
              Alerts <span class="count">{ws.ready ? shownRows.length : '…'}</span>
            </h2>
            <DetectionFilter options={detections} value={filter} onChange={setFilter} />
            <label class="toggle">
              <input type="checkbox" checked={ws.clock === 'local'} onChange={(e) => ws.setClock(e.currentTarget.checked ? 'local' : 'utc')} /> Local time
            </label>
            <WorkspaceActions
              alertCount={rows.length}
              importCount={ws.imports.length}
              busy={ws.busy}
              onExportCsv={() =>
                void ws.reportCsv().then(
                  (csv) => saveBlob(`ual-triage-alerts-${stamp()}.csv`, csv),
                  () => {},
                )
              }
              onExportProvenance={() =>
                saveText(
                  `ual-triage-provenance-${stamp()}.json`,
                  `${JSON.stringify(buildProvenance(ws.imports, ws.params, version), null, 2)}\n`,
                  'application/json',
                )
              }
              onClear={async () => {
                setSelected(null);
                story.close();
                setFilter('');
                await ws.clear();
              }}
            />
          </div>
          <AlertTable alerts={shownRows} analysed={ws.imports.length > 0} nearGap={nearGap} clock={ws.clock} selected={selected} onSelect={setSelected} />
        </section>
        <EvidencePanel evidence={evidence} clock={ws.clock} />
        {alert && shown && (
          <AlertDetail
            alert={shown.alert}
            events={contributing}
            timeline={shown.timeline}
            params={ws.params}
            clock={ws.clock}
            reads={shown.reads}
            onClose={() => setSelected(null)}
            onStory={story.open}
            onExportEvents={() => saveText(`ual-triage-alert-events-${stamp()}.csv`, eventsToCsv(contributing), 'text/csv;charset=utf-8')}
          />
        )}
        {row?.pack && <PackAlertDetail alert={row.pack} clock={ws.clock} onClose={() => setSelected(null)} onStory={story.open} />}
        {story.note && (
          <p class="notice" role="status">
            {story.note}
          </p>
        )}
        {story.story && <StoryView story={story.story} clock={ws.clock} onClose={story.close} />}
      </main>
    </>
  );
}
