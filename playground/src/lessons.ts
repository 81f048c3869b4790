/**
 * Short guided lessons: each sets up a situation from the defaults and says in two lines what to
 * look for. A lesson is only settings, so its link reproduces it.
 */
import { DEFAULTS, type LessonId, type Settings } from './settings.js';

export interface Lesson {
  readonly title: string;
  /** What to do and what to look for. */
  readonly text: readonly [string, string];
  readonly settings: Partial<Settings>;
}

export const LESSONS: Record<Exclude<LessonId, ''>, Lesson> = {
  overfitting: {
    title: 'Overfitting',
    text: [
      'Forty noisy points, half of them held out, and a big network. Press Play and watch the two loss lines.',
      'The training loss keeps falling while the validation loss turns up: the network is learning the noise. Try L2 regularisation, or fewer neurons.',
    ],
    settings: { source: 'moons', samples: 40, noise: 0.3, validation: 0.5, hidden: [32, 32, 32], activation: 'relu', lr: 0.01, batch: 5 },
  },
  rate: {
    title: 'A learning rate too high',
    text: [
      'Plain gradient descent on the salaries with a learning rate of 1. Press Play and watch the loss per batch.',
      'Each step overshoots the minimum by more than the last, so the loss climbs until it explodes. Choose 0.01 and press Restart.',
    ],
    settings: { source: 'salary', optimizer: 'sgd', lr: 1, batch: 10, hidden: [8], activation: 'tanh', logScale: true },
  },
  xor: {
    title: 'XOR needs a hidden layer',
    text: [
      'No straight line separates XOR\'s two classes, and a network without a hidden layer draws one straight line. Press Play: it stays far from 100 %.',
      'Now add a hidden layer (the + beside "0 hidden layers") and play again: the hidden neurons draw lines that the output combines.',
    ],
    settings: { source: 'xor', hidden: [], activation: 'tanh', lr: 0.03, batch: 10 },
  },
  batch: {
    title: 'Stochastic or batch descent',
    text: [
      'Batch size 1: every step learns from one example. Press Play and look at the loss per batch: it jumps from step to step.',
      'Now choose batch size "all": each step uses every example, so the loss falls smoothly, but an epoch is one step. 10 is in between.',
    ],
    settings: { source: 'moons', optimizer: 'sgd', lr: 0.03, batch: 1, hidden: [8], logScale: true },
  },
  'local-minimum': {
    title: 'A local minimum',
    text: [
      'f(x) = x⁴ − 3x² + x has two valleys. From x = 2 gradient descent walks downhill into the nearer one and stops there.',
      'The lowest point is near x = −1.3, which it never finds: descent only follows the slope where it is. Pick "custom" and start from x = −2.',
    ],
    settings: { view: 'descent', preset: 'local', descentLr: 0.05, descentSteps: 30 },
  },
};

/** The settings of a lesson: the defaults with its own (so every lesson starts the same way). */
export function lessonSettings(id: Exclude<LessonId, ''>, now: Settings): Settings {
  return { ...DEFAULTS, hidden: [...DEFAULTS.hidden], features: [], ...LESSONS[id].settings, lesson: id, view: LESSONS[id].settings.view ?? 'train', colorBy: now.colorBy };
}
