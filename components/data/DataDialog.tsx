/**
 * "Your data": the ways to bring data in, one tab each (draw points, a table
 * from a CSV file, a text, token sequences). Nothing changes until a tab's
 * Apply; a refused file leaves the graph as it is.
 */
import { useData, type DataTab } from '../../src/store/dataStore';
import { Modal } from '../dialogs/Modal';
import { DrawTab } from './DrawTab';
import { TableTab } from './TableTab';
import { SequencesTab, TextTab } from './TextTabs';
import './data.css';

const TABS: { tab: DataTab; label: string }[] = [
  { tab: 'draw', label: 'Draw points' },
  { tab: 'table', label: 'Table (CSV)' },
  { tab: 'text', label: 'Text' },
  { tab: 'sequences', label: 'Token sequences' },
];

export function DataDialog() {
  const tab = useData((s) => s.tab);
  const show = useData((s) => s.show);
  return (
    <Modal title="Your data" testId="data-dialog" wide>
      <nav role="tablist" className="gl-data-tabs" aria-label="Ways to bring data in">
        {TABS.map((t) => (
          <button key={t.tab} role="tab" aria-selected={tab === t.tab} className={tab === t.tab ? 'on' : ''} onClick={() => show(t.tab)} data-testid={`data-tab-${t.tab}`}>{t.label}</button>
        ))}
      </nav>
      <div role="tabpanel" aria-label={TABS.find((t) => t.tab === tab)?.label}>
        {tab === 'draw' && <DrawTab />}
        {tab === 'table' && <TableTab />}
        {tab === 'text' && <TextTab />}
        {tab === 'sequences' && <SequencesTab />}
      </div>
    </Modal>
  );
}
