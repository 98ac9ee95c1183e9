// The store marks a match inside a search snippet with U+0002 … U+0003 (see model.rs SearchHit), so the UI
// can highlight it without parsing HTML. This splits a snippet into plain and highlighted segments.

export interface Segment {
  text: string
  hit: boolean
}

const START = '\u0002'
const END = '\u0003'

export function splitHighlight(snippet: string): Segment[] {
  const out: Segment[] = []
  let hit = false
  let buf = ''
  const flush = () => {
    if (buf) {
      const last = out[out.length - 1]
      if (last && last.hit === hit) last.text += buf
      else out.push({ text: buf, hit })
    }
    buf = ''
  }
  for (const ch of snippet) {
    if (ch === START) {
      flush()
      hit = true
    } else if (ch === END) {
      flush()
      hit = false
    } else {
      buf += ch
    }
  }
  // An unclosed marker highlights to the end, which is what the store means by a cut-off snippet.
  flush()
  return out
}

/** The snippet with the markers removed. */
export function plainSnippet(snippet: string): string {
  // The store marks a match with U+0002 … U+0003 (control characters chosen because no text holds them).
  // eslint-disable-next-line no-control-regex
  return snippet.replace(/[\u0002\u0003]/g, '')
}
