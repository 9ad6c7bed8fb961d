/**
 * Applies messages of receiver-topic and processor-topic to the view. Only the fields the view
 * needs are read; a message that fails its contract is skipped here (the Processor and Converter
 * dead-letter it) so one bad record cannot stop the view.
 */
import { decodeJobCreation } from '../../contracts/job.ts';
import { decodeJobDone } from '../../contracts/job-done.ts';
import type { JobView } from './job-view.ts';

export function applyToView(view: JobView, topics: { receiver: string; processor: string }) {
  return (topic: string, _key: Buffer | undefined, value: Buffer | undefined): void => {
    if (!value) return;
    if (topic === topics.receiver) {
      const job = decodeJobCreation(value);
      view.created(job.id, Date.parse(job.create_date));
    } else if (topic === topics.processor) {
      const done = decodeJobDone(value);
      view.finished(done.id, Date.parse(done.create_date), Date.parse(done.finish_date));
    }
  };
}
