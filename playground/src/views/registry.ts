/** The page's views, in tab order. Adding one: see view.ts. */
import type { ViewId } from '../settings.js';
import { descentView } from './descent-view.js';
import { picturesView } from './pictures-view.js';
import { rewardsView } from './rewards-view.js';
import { trainView } from './train-view.js';
import { unlabelledView } from './unlabelled-view.js';
import type { View } from './view.js';

export const VIEW_LIST: readonly View[] = [trainView, descentView, rewardsView, unlabelledView, picturesView];

export const viewOf = (id: ViewId): View => VIEW_LIST.find((v) => v.id === id) ?? trainView;
