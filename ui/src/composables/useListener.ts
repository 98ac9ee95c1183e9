// Listeners that go away with the view that added them. A Tauri `listen` resolves to its unlisten function
// later; a view left before that (the preview, closed while it starts) used to keep its listener for good.
// Here a listener that arrives after the view is gone is removed at once.
import { getCurrentScope, onScopeDispose } from 'vue'

type Unlisten = () => void

/** Adds a listener now and removes it when the current component (or effect scope) is disposed.
 * `subscribe` returns the function that removes it, directly or as a promise (Tauri's `listen`). */
export function useListener(subscribe: () => Unlisten | Promise<Unlisten>): void {
  let disposed = false
  let unlisten: Unlisten | null = null
  if (getCurrentScope()) {
    onScopeDispose(() => {
      disposed = true
      unlisten?.()
      unlisten = null
    })
  }
  let added: Unlisten | Promise<Unlisten>
  try {
    added = subscribe()
  } catch {
    return // No event system (a unit test, a browser without Tauri): nothing to remove later.
  }
  const keep = (u: Unlisten) => {
    if (disposed) u()
    else unlisten = u
  }
  if (typeof added === 'function') keep(added)
  else added.then(keep, () => {})
}

/** A DOM event listener on `target` (window by default) for as long as the current component lives. */
export function useEventListener<K extends keyof WindowEventMap>(
  type: K,
  handler: (e: WindowEventMap[K]) => void,
  target: Window | Document = window,
): void {
  useListener(() => {
    target.addEventListener(type, handler as EventListener)
    return () => target.removeEventListener(type, handler as EventListener)
  })
}
