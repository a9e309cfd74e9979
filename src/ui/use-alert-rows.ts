// Every alert in one table, the rule's and the pack's (alert-rows.ts), and the detection filter over them.

import { useMemo, useState } from 'preact/hooks';
import type { PackAlert } from '../core/detections/model.ts';
import type { AlertRow } from '../worker/api.ts';
import { apiRow, detectionsPresent, packRow } from './alert-rows.ts';

export function useAlertRows(alerts: AlertRow[], packAlerts: PackAlert[]) {
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => [...alerts.map(apiRow), ...packAlerts.map(packRow)], [alerts, packAlerts]);
  const detections = useMemo(() => detectionsPresent(rows), [rows]);
  // A detection no alert holds any more (a clear, a re-tuning that leaves no API-read alert) shows every alert.
  const active = detections.some((d) => d.key === filter) ? filter : '';
  const shown = useMemo(() => (active ? rows.filter((r) => r.detectionKey === active) : rows), [rows, active]);
  return { rows, shown, detections, filter: active, setFilter };
}
