// Frames of an annotation query → annotation events, as Grafana's standard annotation support does
// for data source plugins (public/app/features/annotations/standardAnnotationSupport.ts
// getAnnotationsFromData): the fields time, timeEnd, title, text and tags by name; a string `tags`
// is split on commas; a row whose timeEnd differs from time is a region.
import { DataFrame, FieldType } from '@grafana/data';

export interface AnnotationEvent {
  time: number;
  timeEnd: number;
  isRegion: boolean;
  title: string;
  text: string;
  tags: string[];
}

export function annotationsFromFrames(frames: DataFrame[]): AnnotationEvent[] {
  const out: AnnotationEvent[] = [];
  for (const frame of frames) {
    const field = (name: string) => frame.fields.find((f) => f.name === name);
    const time = field('time') ?? frame.fields.find((f) => f.type === FieldType.time);
    if (!time) {
      continue;
    }
    const timeEnd = field('timeEnd');
    for (let i = 0; i < frame.length; i++) {
      const start = Number(time.values[i]);
      const end = timeEnd ? Number(timeEnd.values[i]) : start;
      const rawTags = field('tags')?.values[i];
      const tags = Array.isArray(rawTags)
        ? rawTags.map(String)
        : String(rawTags ?? '')
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
      out.push({
        time: start,
        timeEnd: end,
        isRegion: end !== start,
        title: String(field('title')?.values[i] ?? ''),
        text: String(field('text')?.values[i] ?? ''),
        tags,
      });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}
