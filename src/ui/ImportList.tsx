import type { ImportRecord } from '../storage/workspace-db.ts';
import { ImportItem } from './ImportItem.tsx';
import type { Job } from './use-workspace.ts';

interface Props {
  imports: ImportRecord[];
  jobs: Job[];
  onCancel(id: string): void;
}

/** Every file imported into the workspace, then the ones still queued or streaming. */
export function ImportList({ imports, jobs, onCancel }: Props) {
  const jobById = new Map(jobs.map((j) => [j.id, j]));
  const stored = new Set(imports.map((i) => i.id));
  if (!imports.length && !jobs.length) return null;
  return (
    <ul class="imports" aria-label="Imported files">
      {imports.map((record) => (
        <ImportItem
          key={record.id}
          name={record.name}
          size={record.size}
          record={record}
          job={jobById.get(record.id) ?? null}
          onCancel={() => onCancel(record.id)}
        />
      ))}
      {jobs
        .filter((j) => !stored.has(j.id))
        .map((job) => (
          <ImportItem key={job.id} name={job.file.name} size={job.file.size} record={null} job={job} onCancel={() => onCancel(job.id)} />
        ))}
    </ul>
  );
}
