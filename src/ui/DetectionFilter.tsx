interface Props {
  /** The detections present among the alerts (alert-rows.ts detectionsPresent). */
  options: { key: string; label: string }[];
  /** The detection's key shown alone; '' for every alert. */
  value: string;
  onChange(key: string): void;
}

/** Narrows the alert table to one detection; the heading's count and sorting then cover what is shown. */
export function DetectionFilter({ options, value, onChange }: Props) {
  return (
    <label class="detection-filter">
      Filter by detection{' '}
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">All detections</option>
        {options.map(({ key, label }) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}
