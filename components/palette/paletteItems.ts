/** What a palette item does when it is added, tapped or dragged: a node type, or one of My blocks (`block:Name`). */
import type { DragEvent } from 'react';
import { addNodeAt } from '../../src/store/actions';
import { placeFromMyBlocks } from '../../src/store/blockActions';
import { useUi } from '../../src/store/uiStore';
import type { XY } from '../../src/store/graphOps';

/** The drag payload's type: the item's key. */
export const PALETTE_MIME = 'application/x-gatelab-node';

/** A palette item's key: a node type, or `block:Name` for one of My blocks. */
export const BLOCK_KEY = 'block:';
/** Adds the item `key` (at `at` when dropped there). */
export function addItem(key: string, at?: XY): void {
  if (key.startsWith(BLOCK_KEY)) placeFromMyBlocks(key.slice(BLOCK_KEY.length), at);
  else addNodeAt(key, at);
}
/** Touch screens cannot drag from a list that scrolls: a tap adds the node and shows the canvas. */
export function addByTap(key: string): void {
  // On a phone the canvas is hidden behind the palette: show it first, so the node lands in its view.
  useUi.getState().showPanel('canvas');
  requestAnimationFrame(() => addItem(key));
}
export const onDragStart = (e: DragEvent, type: string) => {
  e.dataTransfer.setData(PALETTE_MIME, type);
  e.dataTransfer.setData('text/plain', type);
  e.dataTransfer.effectAllowed = 'copy';
};
