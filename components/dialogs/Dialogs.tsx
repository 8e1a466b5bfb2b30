/** Whichever dialog uiStore says is open. */
import { useUi } from '../../src/store/uiStore';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { CommandPalette } from './CommandPalette';
import { PresetsGallery } from './PresetsGallery';
import { RepeatDialog } from './RepeatDialog';
import { MakeBlockDialog } from './MakeBlockDialog';
import { ShareDialog } from './ShareDialog';
import { ShortcutSheet } from './ShortcutSheet';
import { LessonsGallery } from '../lessons/LessonsGallery';
import { DataDialog } from '../data/DataDialog';

export function Dialogs() {
  const d = useUi((s) => s.dialog);
  let body = null;
  if (d === 'commands') body = <CommandPalette />;
  else if (d === 'presets') body = <PresetsGallery />;
  else if (d === 'repeat') body = <RepeatDialog />;
  else if (d === 'makeBlock') body = <MakeBlockDialog />;
  else if (d === 'share') body = <ShareDialog />;
  else if (d === 'shortcuts') body = <ShortcutSheet />;
  else if (d === 'lessons') body = <LessonsGallery />;
  else if (d === 'data') body = <DataDialog />;
  return body ? <ErrorBoundary name="dialog">{body}</ErrorBoundary> : null;
}
