/** The views, in footer order (keys 1–6). */
export const views = ['sessions', 'queue', 'webhooks', 'failures', 'inbox', 'log'] as const;
/** One of the views. */
export type View = (typeof views)[number];

/** Titles of the views, for tabs and help. */
export const viewTitles: Record<View, string> = {
  sessions: 'Sessions',
  queue: 'Queue',
  webhooks: 'Webhooks',
  failures: 'Failures',
  inbox: 'Inbox',
  log: 'Log',
};

/** A full-screen detail opened from a list row with Enter. */
export type Detail =
  | { kind: 'transcript'; cid: number }
  | { kind: 'message'; account: string; id: number }
  | { kind: 'webhook'; hookId: number }
  | { kind: 'queued'; msgId: number; retired: boolean }
  | { kind: 'log'; seq: number };

/** An action that needs a `y` before it runs. */
export interface Confirm {
  effect: Effect;
  prompt: string;
}

/** Something the app must do after a key: the reducer stays pure. */
export type Effect =
  | { type: 'quit' }
  | { type: 'queue'; action: 'holdToggle' | 'retry' | 'fail' | 'drop' }
  | { type: 'webhook'; action: 'retry' | 'cancel' }
  | { type: 'open' };

/** UI state: the view, per-view selection and filter, overlays. */
export interface UiState {
  view: View;
  selected: Record<View, number>;
  filter: Record<View, string>;
  editingFilter: boolean;
  help: boolean;
  detail?: Detail;
  /** First line shown in a detail view. */
  scroll: number;
  /** Transcript detail keeps showing new lines. */
  follow: boolean;
  /** Queue view shows retired messages instead of queued ones. */
  showRetired: boolean;
  confirm?: Confirm;
  /** One-line feedback in the footer (action results, errors). */
  status: string;
}

/** The state at startup: Sessions view, nothing selected or filtered. */
export function initialUi(): UiState {
  const per = <T,>(v: T) => Object.fromEntries(views.map((k) => [k, v])) as Record<View, T>;
  return { view: 'sessions', selected: per(0), filter: per(''), editingFilter: false, help: false, scroll: 0, follow: true, showRetired: false, status: '' };
}

/** The keys of a keypress that the reducer looks at (a subset of Ink's `Key`). */
export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  shift?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
}

/** What the reducer needs to know about the screen. */
export interface KeyContext {
  /** Rows in the current (filtered) list. */
  rows: number;
  /** Lines in the open detail. */
  detailLines: number;
  /** Rows that fit on a page. */
  page: number;
  /** The selected row as named in a confirmation prompt, e.g. "message 12". */
  selectedName?: string;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

function move(ui: UiState, to: number, ctx: KeyContext): UiState {
  if (ui.detail) {
    const max = Math.max(0, ctx.detailLines - ctx.page);
    const scroll = clamp(to, 0, max);
    return { ...ui, scroll, follow: ui.detail.kind === 'transcript' ? scroll >= max : ui.follow };
  }
  return { ...ui, selected: { ...ui.selected, [ui.view]: clamp(to, 0, Math.max(0, ctx.rows - 1)) } };
}

/**
 * Handles one keypress: returns the next UI state and, when the key asks for it, an effect
 * for the app to run (quit, an action on the selected row, opening a detail). Pure.
 */
export function onKey(ui: UiState, input: string, key: KeyInfo, ctx: KeyContext): { ui: UiState; effect?: Effect } {
  if (key.ctrl && input === 'c') return { ui, effect: { type: 'quit' } };
  if (ui.confirm) {
    if (input === 'y' || input === 'Y') return { ui: { ...ui, confirm: undefined, status: '' }, effect: ui.confirm.effect };
    return { ui: { ...ui, confirm: undefined, status: 'canceled' } };
  }
  if (ui.editingFilter) {
    const cur = ui.filter[ui.view];
    if (key.return || key.escape) {
      const filter = key.escape ? { ...ui.filter, [ui.view]: '' } : ui.filter;
      return { ui: { ...ui, editingFilter: false, filter } };
    }
    if (key.backspace || key.delete) return { ui: { ...ui, filter: { ...ui.filter, [ui.view]: cur.slice(0, -1) }, selected: { ...ui.selected, [ui.view]: 0 } } };
    if (input && !key.ctrl && !key.tab && !key.upArrow && !key.downArrow) {
      return { ui: { ...ui, filter: { ...ui.filter, [ui.view]: cur + input }, selected: { ...ui.selected, [ui.view]: 0 } } };
    }
    return { ui };
  }
  if (ui.help) {
    if (input === 'q') return { ui, effect: { type: 'quit' } };
    return { ui: { ...ui, help: false } };
  }
  // The footer's status answers the previous key; the next key clears it.
  if (ui.status) ui = { ...ui, status: '' };
  if (input === 'q') return { ui, effect: { type: 'quit' } };
  if (input === '?') return { ui: { ...ui, help: true } };
  const n = Number(input);
  if (input.length === 1 && n >= 1 && n <= views.length) return { ui: { ...ui, view: views[n - 1]!, detail: undefined, status: '' } };
  if (key.tab) {
    const i = views.indexOf(ui.view);
    const next = views[(i + (key.shift ? views.length - 1 : 1)) % views.length]!;
    return { ui: { ...ui, view: next, detail: undefined, status: '' } };
  }
  if (key.escape) {
    if (ui.detail) return { ui: { ...ui, detail: undefined } };
    if (ui.filter[ui.view]) return { ui: { ...ui, filter: { ...ui.filter, [ui.view]: '' } } };
    return { ui: { ...ui, status: '' } };
  }
  const pos = ui.detail ? ui.scroll : ui.selected[ui.view];
  if (key.upArrow || input === 'k') return { ui: move(ui, pos - 1, ctx) };
  if (key.downArrow || input === 'j') return { ui: move(ui, pos + 1, ctx) };
  if (key.pageUp) return { ui: move(ui, pos - ctx.page, ctx) };
  if (key.pageDown || input === ' ') return { ui: move(ui, pos + ctx.page, ctx) };
  if (key.home || input === 'g') return { ui: move(ui, 0, ctx) };
  if (key.end || input === 'G') return { ui: move(ui, Number.MAX_SAFE_INTEGER, ctx) };
  if (ui.detail) {
    if (input === 'f' && ui.detail.kind === 'transcript') return { ui: { ...ui, follow: !ui.follow } };
    return { ui };
  }
  if (input === '/') return { ui: { ...ui, editingFilter: true } };
  if (key.return) return ctx.rows > 0 ? { ui: { ...ui, scroll: 0, follow: true }, effect: { type: 'open' } } : { ui };
  if (ui.view === 'queue') {
    if (input === 't') return { ui: { ...ui, showRetired: !ui.showRetired, selected: { ...ui.selected, queue: 0 } } };
    if (ui.showRetired || ctx.rows === 0) return { ui };
    if (input === 'h') return { ui, effect: { type: 'queue', action: 'holdToggle' } };
    if (input === 'r') return { ui, effect: { type: 'queue', action: 'retry' } };
    const name = ctx.selectedName ?? 'message';
    if (input === 'f') return { ui: { ...ui, confirm: { effect: { type: 'queue', action: 'fail' }, prompt: `fail ${name} (sends a DSN)? y/n` } } };
    if (input === 'D') return { ui: { ...ui, confirm: { effect: { type: 'queue', action: 'drop' }, prompt: `drop ${name} (no DSN)? y/n` } } };
  }
  if (ui.view === 'webhooks' && ctx.rows > 0) {
    if (input === 'r') return { ui, effect: { type: 'webhook', action: 'retry' } };
    if (input === 'c') return { ui: { ...ui, confirm: { effect: { type: 'webhook', action: 'cancel' }, prompt: `cancel ${ctx.selectedName ?? 'webhook'}? y/n` } } };
  }
  return { ui };
}

/** Sets the detail shown (after an `open` effect resolved the selected row). */
export function openDetail(ui: UiState, detail: Detail): UiState {
  return { ...ui, detail, scroll: 0, follow: true };
}
