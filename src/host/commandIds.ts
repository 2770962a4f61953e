// Every id the extension shares with package.json: its commands, its views and the context keys its
// menus read. test/unit/host/commandIds.test.ts checks both sides name the same ids.

/** The commands of `contributes.commands`. */
export const COMMANDS = {
  captureFromEndpoint: 'goroutineInspector.captureFromEndpoint',
  openProfileFile: 'goroutineInspector.openProfileFile',
  analyzeClipboard: 'goroutineInspector.analyzeClipboard',
  analyzeSelection: 'goroutineInspector.analyzeSelection',
  analyzeTerminalSelection: 'goroutineInspector.analyzeTerminalSelection',
  setEndpointHeaders: 'goroutineInspector.setEndpointHeaders',
  focusView: 'goroutineInspector.focusView',
  showSummary: 'goroutineInspector.showSummary',
  groupBy: 'goroutineInspector.groupBy',
  filterGroups: 'goroutineInspector.filterGroups',
  clearFilter: 'goroutineInspector.clearFilter',
  showRuntimeGoroutines: 'goroutineInspector.showRuntimeGoroutines',
  hideRuntimeGoroutines: 'goroutineInspector.hideRuntimeGoroutines',
  clearDecorations: 'goroutineInspector.clearDecorations',
  openSnapshot: 'goroutineInspector.openSnapshot',
  saveSnapshot: 'goroutineInspector.saveSnapshot',
  deleteSnapshot: 'goroutineInspector.deleteSnapshot',
  showGroup: 'goroutineInspector.showGroup',
  openFrame: 'goroutineInspector.openFrame',
  openCreatedBy: 'goroutineInspector.openCreatedBy',
  applyFix: 'goroutineInspector.applyFix',
  copyReportMarkdown: 'goroutineInspector.copyReportMarkdown',
  exportSpeedscope: 'goroutineInspector.exportSpeedscope',
  watchEndpoint: 'goroutineInspector.watchEndpoint',
  stopWatch: 'goroutineInspector.stopWatch',
  resumeWatch: 'goroutineInspector.resumeWatch',
  showTimeline: 'goroutineInspector.showTimeline',
  compareSnapshots: 'goroutineInspector.compareSnapshots',
  compareWith: 'goroutineInspector.compareWith',
  showHeap: 'goroutineInspector.showHeap',
} as const;

/** The views of `contributes.views`. */
export const VIEWS = {
  goroutines: 'goroutineInspector.goroutines',
  snapshots: 'goroutineInspector.snapshots',
  comparison: 'goroutineInspector.comparison',
} as const;

/** The command VS Code adds to reveal and focus a view. */
export function focusViewCommand(view: (typeof VIEWS)[keyof typeof VIEWS]): string {
  return `${view}.focus`;
}

/** Context keys set with `setContext` and read by package.json's `when` and `enablement` clauses. */
export const CONTEXT_KEYS = {
  hasSnapshot: 'goroutineInspector.hasSnapshot',
  filtered: 'goroutineInspector.filtered',
  showRuntime: 'goroutineInspector.showRuntime',
  /** Some endpoint is being watched. */
  watching: 'goroutineInspector.watching',
  hasComparison: 'goroutineInspector.hasComparison',
} as const;
