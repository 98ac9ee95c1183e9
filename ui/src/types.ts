// The IPC payload types are generated from the Rust types (src/generated/ipc.ts, written by
// `FENGONG_UPDATE_TYPES=1 cargo test -p fengong-desktop --test contract`; that test fails when the file is
// stale). This module re-exports them and adds the few names and helpers only the UI needs.

import type { Column, LayoutOptions } from './generated/ipc'

export type * from './generated/ipc'

/** The `kind` tag of a column ('custom' columns also carry a `key`). */
export type ColumnKindName = Column['kind']

export const defaultLayoutOptions = (): LayoutOptions => ({
  page_setup: 'portrait',
  body_size: 16,
  first_page_number: 1,
  continued_mark: false,
  doc_number: null,
  show_doc_number: false,
})
