/**
 * The playground page: keeps the settings (mirrored in the URL), shows one view at a time, and
 * the guided lessons. Each view wires its own controls (views/).
 */
import { LESSONS, lessonSettings } from './lessons.js';
import { fromHash, toHash, type LessonId, type Settings } from './settings.js';
import { byId } from './ui/dom.js';
import { VIEW_LIST, viewOf } from './views/registry.js';

let settings: Settings = fromHash(location.hash);
let shown: Settings['view'] | null = null;

function writeLesson(id: LessonId): void {
  const box = byId('lesson-box');
  byId<HTMLSelectElement>('lesson').value = id;
  box.hidden = id === '';
  if (id === '') return;
  const l = LESSONS[id];
  byId('lesson-title').textContent = l.title;
  byId('lesson-what').textContent = l.text[0];
  byId('lesson-look').textContent = l.text[1];
}

/** Takes new settings: URL, lesson, tabs, and the view shown. */
function apply(next: Settings): void {
  settings = next;
  history.replaceState(null, '', `#${toHash(settings)}`);
  writeLesson(settings.lesson);
  for (const v of VIEW_LIST) {
    const on = v.id === settings.view;
    byId(`${v.id}-view`).hidden = !on;
    byId(`tab-${v.id}`).setAttribute('aria-pressed', String(on));
    if (!on && shown === v.id) v.hide();
  }
  shown = settings.view;
  viewOf(settings.view).show(settings);
}

function wire(): void {
  for (const v of VIEW_LIST) {
    v.watch(() => settings, apply);
    byId(`tab-${v.id}`).addEventListener('click', () => apply({ ...settings, view: v.id }));
  }
  const lesson = byId<HTMLSelectElement>('lesson');
  lesson.replaceChildren(new Option('Lessons…', ''), ...Object.entries(LESSONS).map(([id, l]) => new Option(l.title, id)));
  lesson.addEventListener('change', () => {
    const id = lesson.value as LessonId;
    apply(id === '' ? { ...settings, lesson: '' } : lessonSettings(id, settings));
  });
  byId('lesson-close').addEventListener('click', () => apply({ ...settings, lesson: '' }));
  window.addEventListener('hashchange', () => {
    if (location.hash.slice(1) !== toHash(settings)) apply(fromHash(location.hash));
  });
}

wire();
apply(settings);
