/** Which telemetry view is open: page state, never saved with the graph. */
import { create } from 'zustand';

export type TelemetryTab = 'node' | 'sink' | 'router' | 'exits' | 'pair' | 'intervene' | 'trace';

export interface TelemetryState {
  open: boolean;
  tab: TelemetryTab;
  show(tab?: TelemetryTab): void;
  close(): void;
}

export const useTelemetry = create<TelemetryState>()((set) => ({
  open: false,
  tab: 'node',
  show: (tab) => set((s) => ({ open: true, tab: tab ?? s.tab })),
  close: () => set({ open: false }),
}));
