// The try/busy/error pattern every view repeated: mark the view busy, await the work, show a failure in
// Chinese, clear the mark even when the work throws.
import { computed, ref, type ComputedRef } from 'vue'
import { showError } from '../state'

/** A dialog dismissed with 取消 or the close button (ElMessageBox rejects with these): not an error. */
export const isDismissal = (e: unknown) => e === 'cancel' || e === 'close'

export interface Busy {
  /** True while at least one `run` is in progress (overlapping runs are counted, not cleared by the first). */
  busy: ComputedRef<boolean>
  /** Runs `work`; its result, or undefined when it failed (the error has been shown). */
  run<T>(work: () => Promise<T>): Promise<T | undefined>
}

export function useBusy(options: { onError?: (e: unknown) => void } = {}): Busy {
  const onError = options.onError ?? showError
  const running = ref(0)
  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    running.value++
    try {
      return await work()
    } catch (e) {
      if (!isDismissal(e)) onError(e)
      return undefined
    } finally {
      running.value--
    }
  }
  return { busy: computed(() => running.value > 0), run }
}
