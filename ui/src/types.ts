// The IPC payload types are generated from the Rust types (src/generated/ipc.ts, written by
// `FENGONG_UPDATE_TYPES=1 cargo test -p fengong-desktop --test contract`; that test fails when the file is
// stale). This module re-exports them and adds the few names and helpers only the UI needs.

import type { Column, LayoutOptions } from './generated/ipc'
import { DEFAULT_LAYOUT_OPTIONS } from './generated/rules'

export type * from './generated/ipc'

/** The `kind` tag of a column ('custom' columns also carry a `key`). */
export type ColumnKindName = Column['kind']

/** The core's default print options (LayoutOptions::default(), generated into src/generated/rules.ts), a copy. */
export const defaultLayoutOptions = (): LayoutOptions => ({ ...DEFAULT_LAYOUT_OPTIONS })
